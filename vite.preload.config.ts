import { defineConfig } from 'vite';

/** The preload: one CJS file (sandboxed preloads cannot require other files). */
export default defineConfig({
  build: {
    sourcemap: true,
    target: 'chrome130',
  },
});
