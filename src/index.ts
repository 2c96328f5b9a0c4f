/**
 * gexmap's library API. The pure part (numeric core, chain snapshot, positioning, GEX analytics) is
 * also its own entry, `gexmap/analytics`, free of Node; this one adds what does I/O: the readers,
 * live feeds, the history store, the text and chart renderers, the HTTP app and the MCP server.
 */

export * from './analytics/index.js';
export { type BacktestOptions, type BacktestResult, runBacktest } from './history/backtest.js';
export {
  type RecorderOptions,
  type RecorderStats,
  type RecordTarget,
  runRecorder,
  venueTargets,
} from './history/recorder.js';
export { type SimulatorOptions, simulatedRecords, simulateGexHistory } from './history/simulator.js';
export { runStudy, type StudyOptions, type StudyResult } from './history/study/study.js';
export { recordOf, summarizeSnapshot } from './history/summary.js';
export { createMcpServer, type McpServerOptions } from './mcp/server.js';
export { renderBacktestText } from './report/backtestText.js';
export { type ExportOptions, renderPanelSvg, reportSvg, svgToPng } from './report/charts/exportCharts.js';
export { type HistoryChartPoint, historyChartOption } from './report/charts/history.js';
// Charts: ECharts options (the dashboard's panels), rendered server-side to SVG and PNG
export { type ChartReport, chartPanels } from './report/charts/panels.js';
// Output
export { assertFiniteOutput, NonFiniteOutputError } from './report/finiteOutput.js';
export { LEVEL_CONTENT_TYPES, LEVEL_FORMATS, type LevelFormat, renderLevels } from './report/levelsText.js';
export { type MechanicsTextOptions, renderMechanicsText } from './report/mechanicsText.js';
export { renderStudyText } from './report/studyText.js';
export { renderTextReport, type TextReportOptions } from './report/textReport.js';
// Serving: the HTTP app (not listening; `app.request()` in-process or any Hono adapter) and the MCP server
export { type AppOptions, createApp } from './server/app.js';
export { type Listening, listen } from './server/listen.js';
export { coreReportBuilder, type ReportBuilder, ReportCache, type ServedReport } from './server/reportCache.js';
export { type ChainSource, PushSource, type SourceStatus, StaticSource } from './server/sources.js';
// Sources
export { parseCboeCsv, readCboeFile } from './sources/cboe/index.js';
export type { DeribitBookSummary, DeribitInstrument } from './sources/deribit/index.js';
export { parseDeribitChain, parseDeribitOptionName, readDeribitDir } from './sources/deribit/index.js';
// Live Deribit (REST snapshot, WebSocket stream) and the trade tape
export {
  DERIBIT_PRODUCTION_URL,
  DERIBIT_TESTNET_URL,
  DeribitHttp,
  type DeribitHttpOptions,
  DeribitLiveFeed,
  type DeribitLiveFeedOptions,
  type DeribitMarket,
  DeribitWs,
  deribitMarket,
  type FeedEvent,
  type FeedStatus,
  fetchDeribitSnapshot,
} from './sources/deribit/live/index.js';
export {
  appendTapeFile,
  backfillTrades,
  readTapeFile,
  type TapeCursor,
  type TapeTrade,
  TradeTape,
} from './sources/deribit/tape/index.js';
export { readPrices, readPricesFile } from './sources/prices/read.js';
export type { PriceBar, PriceSeries } from './sources/prices/types.js';
export { TARDIS_OPTIONS_CHAIN_HEADER, type TardisImportOptions } from './sources/tardis/format.js';
export { readTardisOptionsChain } from './sources/tardis/optionsChain.js';
// Every live venue's whole chain over REST (Deribit, OKX, Bybit, Binance)
export {
  LIVE_VENUES,
  type LiveVenue,
  VENUE_BASE_URLS,
  type VenueFetchOptions,
  venueSnapshotFetcher,
} from './sources/venueSnapshots.js';
// History: snapshot store (DuckDB, PostgreSQL, Parquet), recorder, Tardis import, backtest
export { DuckDbStore, type DuckDbStoreOptions } from './store/duckdb.js';
export { openStore } from './store/open.js';
export { exportParquet, importParquet, PARQUET_TABLES } from './store/parquet.js';
export { PostgresStore } from './store/postgres.js';
export {
  type HistoryQuery,
  type SnapshotKey,
  type SnapshotMeta,
  type SnapshotRecord,
  type SnapshotStore,
  type SnapshotSummary,
  StoreError,
  type SummaryPoint,
  type WriteOutcome,
} from './store/types.js';
// More venues (OKX, Bybit, Binance), aggregation across venues, generic CSV
export * from './venues.js';
