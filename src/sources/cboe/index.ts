export { parseCboeDelayedJson } from './json.js';
export { CBOE_HEADER, parseCboeCsv } from './parse.js';
export { readCboeFile, readCboeJsonFile } from './read.js';
