import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

// The dashboard is served by the service at /app from dist/dashboard (not committed; `npm run build:dashboard`).
export default defineConfig({
  root: here,
  base: '/app/',
  build: {
    outDir: resolve(here, '..', 'dist', 'dashboard'),
    emptyOutDir: true,
    // Everything in files of its own: the service's Content-Security-Policy allows no inline script or style.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
