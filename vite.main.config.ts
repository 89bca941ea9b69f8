import { defineConfig } from 'vite';

/**
 * Electron main and the engine's utility process (Forge's Vite plugin adds the entry, the CJS
 * output as .vite/build/<name>.cjs, and Electron/Node built-ins as externals). The engine's npm
 * dependencies (zod, ws, tar-stream) are bundled in.
 *
 * Node 22's `builtinModules` omits the prefix-only built-ins, so Forge's external list misses
 * them and Vite would replace `node:sqlite` with an empty browser stub: list them here (Vite
 * concatenates this with Forge's list).
 */
export default defineConfig({
  build: {
    sourcemap: true,
    target: 'node22',
    rollupOptions: {
      external: ['node:sqlite', 'node:sea', 'node:test', 'node:test/reporters'],
    },
  },
});
