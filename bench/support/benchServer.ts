/** The server under load, in its own process: a recorded SPX source and a live one that the parent pokes over IPC. */
import { resolve } from 'node:path';
import { createApp } from '../../src/server/app.js';
import { listen } from '../../src/server/listen.js';
import { PushSource, StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';

const spx = await readCboeFile(
  resolve(import.meta.dirname, '../../../shared/data/cboe-spx-2022-12-12/spx_quotedata.csv'),
);
const live = new PushSource('live', 'live');
live.push(spx);
const server = await listen(createApp({ sources: [new StaticSource('cboe-spx', 'SPX', spx), live] }), { port: 0 });
let bump = 1;
process.on('message', (m) => {
  if (m === 'push') live.push({ ...spx, spot: spx.spot * (1 + 0.001 * bump++) });
  if (m === 'stop') void server.close().then(() => process.exit(0));
});
process.send?.({ url: server.url });
