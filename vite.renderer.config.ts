import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The dev server injects inline scripts (React refresh) that the production CSP forbids: drop the
 * meta CSP while serving in development only. Built files keep it (and the front doors also
 * send the CSP as a header).
 */
function devOnlyRelaxCsp(): Plugin {
  return {
    name: 'hashequiv-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

/**
 * The renderer. `vite build -c vite.renderer.config.ts --mode web` writes dist/renderer (served
 * by `hashequiv serve`); Electron Forge builds the same app into .vite/renderer/main_window,
 * which is what gets packaged.
 */
export default defineConfig(({ mode }) => ({
  root: path.join(here, 'renderer'),
  base: './',
  plugins: [react(), devOnlyRelaxCsp()],
  build: {
    outDir: mode === 'web' ? path.join(here, 'dist/renderer') : path.join(here, '.vite/renderer/main_window'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
  },
  clearScreen: false,
}));
