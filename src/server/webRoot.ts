import { fileURLToPath } from 'node:url';

/** The built dashboard (`npm run build:web`), relative to this module in both src/ and dist/. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));
