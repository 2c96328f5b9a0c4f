import { type LiveVenueFeedOptions, StreamedVenueFeed } from '../venue/streamedFeed.js';
import { type VenueWsSettings, VenueWsStream } from '../venue/wsStream.js';
import { applyBinancePush, BINANCE_OPTIONS_WS_URL, type BinancePush, binanceProtocol } from './messages.js';
import { fetchBinanceMarket } from './rest.js';

export type BinanceLiveFeedOptions = LiveVenueFeedOptions<VenueWsSettings>;

/**
 * A live Binance chain: a REST snapshot (exchangeInfo, mark, index, openInterest) every `restMs`,
 * and between them the options WebSocket's mark-price and index streams (`btcusdt@optionMarkPrice`
 * and `!index@arr`; `BTC@markPrice` and `BTCUSDT@index` on the first-generation endpoint) writing
 * mark IV, forward (index·e^{r·t}, r the option's REST riskFreeInterest: the stream's rf is not
 * used, see applyBinancePush) and index into the chain.
 */
export function binanceLiveFeed(options: BinanceLiveFeedOptions): StreamedVenueFeed<BinancePush> {
  const c = options.currency.toUpperCase();
  // each option's REST riskFreeInterest, the one rate its streamed forwards are written with
  let rates: ReadonlyMap<string, number> = new Map();
  return new StreamedVenueFeed<BinancePush>({
    venue: 'binance',
    underlying: c,
    id: `binance-${c.toLowerCase()}`,
    label: `Binance ${c} (live)`,
    fetch: async () => {
      const market = await fetchBinanceMarket(options.http, c);
      rates = market.rates;
      return market.snapshot;
    },
    stream: (callbacks) =>
      new VenueWsStream(binanceProtocol(`${c}USDT`, options.stream?.url ?? BINANCE_OPTIONS_WS_URL), {
        ...options.stream,
        ...callbacks,
      }),
    apply: (snapshot, push) => applyBinancePush(snapshot, push, rates),
    restMs: options.restMs ?? 300_000,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
}
