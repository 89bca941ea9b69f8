#!/usr/bin/env node
// Runs the bundled CLI (npm run build:cli). From a source checkout without a build, run `npx tsx electron/cli/bin.ts`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/hashequiv.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('hashequiv: the CLI is not built yet; run `npm run build:cli` first.\n');
  process.exit(2);
}
await import(pathToFileURL(bundle).href);
