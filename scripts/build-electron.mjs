// Builds what `_electron.launch` needs without Forge's dev server: .vite/build/{main,engine-process,
// preload}.cjs and .vite/renderer/main_window, with the same Vite configs Forge uses (Forge adds
// the lib entry, CJS output and externals; this script adds them the same way). Also a quick
// proof, on machines without Electron, that the main/preload bundles build.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const external = [
  'electron',
  'electron/main',
  'electron/renderer',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];
// (vite.main.config.ts adds the prefix-only built-ins such as node:sqlite; Vite concatenates the lists.)
const define = {
  MAIN_WINDOW_VITE_DEV_SERVER_URL: 'undefined',
  MAIN_WINDOW_VITE_NAME: JSON.stringify('main_window'),
};

for (const [name, entry, config] of [
  ['main', 'electron/main/main.ts', 'vite.main.config.ts'],
  ['engine-process', 'electron/main/engine-process.ts', 'vite.main.config.ts'],
  ['preload', 'electron/preload/preload.ts', 'vite.preload.config.ts'],
]) {
  await build({
    root: ROOT,
    configFile: path.join(ROOT, config),
    logLevel: 'warn',
    define,
    resolve: { conditions: ['node'], mainFields: ['module', 'jsnext:main', 'jsnext'] },
    build: {
      outDir: path.join(ROOT, '.vite/build'),
      emptyOutDir: false,
      copyPublicDir: false,
      minify: false,
      lib: { entry: path.join(ROOT, entry), formats: ['cjs'], fileName: () => `${name}.cjs` },
      rollupOptions: { external },
    },
  });
}
await build({ configFile: path.join(ROOT, 'vite.renderer.config.ts'), mode: 'production', logLevel: 'warn' });
console.log('built .vite/build/{main,engine-process,preload}.cjs and .vite/renderer/main_window');
