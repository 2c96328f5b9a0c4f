import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard is static files served by `gexmap serve`; relative asset paths keep it portable.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
