// `npm start`: the desktop app through Electron Forge, or — where no Electron binary can be
// had (offline CI, this kind of machine) — one clear message pointing at web mode.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { findElectronBinary } from './electron-binary.mjs';

let electron = findElectronBinary();
if (!electron.ok && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  // First run: the electron package fetches its binary lazily. Do it here, once and bounded, so a
  // connected machine just starts, and an offline one gets the message below instead of a stack trace.
  process.stderr.write('npm start: downloading the Electron binary (first run only)…\n');
  const installer = createRequire(import.meta.url).resolve('electron/install.js');
  const r = spawnSync(process.execPath, [installer], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10 * 60_000,
  });
  electron = findElectronBinary();
  if (!electron.ok && r.status !== 0) {
    const why =
      String(r.stderr ?? '')
        .split('\n')
        .find((l) => /Error/.test(l)) ?? 'the download failed';
    electron = { ok: false, reason: `the Electron binary could not be downloaded (${why.trim()})` };
  }
}
if (!electron.ok) {
  process.stderr.write(
    `npm start: cannot run the desktop app here: ${electron.reason}.\n` +
      `Use web mode instead: \`npm run web\` serves the same app on http://127.0.0.1 (it prints the URL to open).\n` +
      `(With a downloaded Electron zip: ELECTRON_OVERRIDE_DIST_PATH=<dir> npm start.)\n`,
  );
  process.exit(1);
}
// With no paths, `npm start` opens the bundled demo build (what the README promises).
const appArgs = process.argv.length > 2 ? process.argv.slice(2) : ['--demo'];
const child = spawn('electron-forge', ['start', '--', ...appArgs], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
