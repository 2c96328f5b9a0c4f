export { parseCboeDelayedJson } from './json.js';
export { CBOE_HEADER, parseCboeCsv } from './parse.js';
export { readCboeFile } from './read.js';
