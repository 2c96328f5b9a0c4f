import { type Command, Option } from 'commander';
import { GEX_WEIGHTS } from '../analytics/weight.js';
import { parseRetries } from './deribitLive.js';
import { parseTime } from './historyCommands.js';
import { parseInstant } from './loadChain.js';
import { rateOption } from './unitOptions.js';
import { venuesInWords } from './venues.js';

/** `--weight oi|volume`: what sizes the classic and customer-long positions. */
export function weightOption(): Option {
  return new Option(
    '--weight <weight>',
    'size positions by open interest (oi) or by traded volume (volume), the intraday view',
  )
    .choices(GEX_WEIGHTS)
    .default('oi');
}

/** The flags that name one chain (see chainSpec), for every command that reads one. */
export function addChainSourceOptions(command: Command): Command {
  return command
    .option('--cboe <file>', 'CBOE delayed-quotes CSV (equity index / ETF chain): a file or an http(s) URL')
    .option('--cboe-symbol <sym>', 'CBOE delayed-quotes JSON, live: SPX, SPY, QQQ, NDX, RUT or VIX')
    .option('--cboe-base-url <url>', "where --cboe-symbol JSON is served (default CBOE's CDN)")
    .option('--deribit-dir <dir>', 'folder with Deribit get_instruments.json and get_book_summary_by_currency.json')
    .addOption(rateOption('--rate <r>', 'risk-free rate for BSM chains, continuous: 4% or 0.04'))
    .addOption(rateOption('--yield <q>', 'dividend yield for BSM chains, continuous: 1.5% or 0.015'))
    .addOption(
      new Option(
        '--forward <source>',
        'CBOE chains: spot (spot·e^{(r−q)t}, BSM; the default) or implied (each expiry from put-call parity on mid quotes, Black-76); VIX is always implied',
      ).choices(['spot', 'implied']),
    )
    .option(
      '--as-of <time>',
      "CBOE chains: the snapshot instant over the download's own (ISO with a zone, e.g. 2023-04-05T19:41-04:00)",
      parseInstant('--as-of'),
    )
    .option('--csv <file>', 'generic option-chain CSV, read with --mapping')
    .option('--mapping <file>', 'JSON column mapping of the --csv file (columns, expiry format and zone, IV unit …)')
    .option('--db <file>', 'a stored snapshot from this DuckDB history file (see --venue, --underlying, --at)')
    .option('--pg <url>', 'a stored snapshot from this PostgreSQL history store')
    .option('--underlying <name>', 'stored snapshot: the underlying (BTC …) when the store holds several')
    .option('--at <time>', 'stored snapshot: the one at or before this instant (default: the latest)', parseTime('at'))
    .option('--venue <venue>', `live chain: ${venuesInWords(',')}, or a list (deribit,okx) aggregated`)
    .option('--reference-venue <venue>', 'aggregated map: the venue whose index is spot (default: the first listed)')
    .option('--currency <currency>', 'live chain: BTC, ETH, or a USDC-settled one (SOL, XRP, BTC_USDC …)')
    .option('--base-url <url>', 'live REST base URL (default https://www.deribit.com; or testnet, or a local server)')
    .option('--retries <n>', 'retries of a failed live request (default 4)', parseRetries);
}
