// `npm start`: the desktop app through Electron Forge, or — where no Electron binary can be
// had (offline CI, this kind of machine) — one clear message pointing at web mode.
import { spawn } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const electron = findElectronBinary();
if (!electron.ok) {
  process.stderr.write(
    `npm start: cannot run the desktop app here: ${electron.reason}.\n` +
      `Use web mode instead: \`npm run web\` serves the same app on http://127.0.0.1 (it prints the URL to open).\n` +
      `(With a downloaded Electron zip: ELECTRON_OVERRIDE_DIST_PATH=<dir> npm start.)\n`,
  );
  process.exit(1);
}
const child = spawn('electron-forge', ['start', '--', ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
