// `npm run dist` — the one documented path to installers:
//   1. electron-forge package  (Vite build of main/preload/utility/renderer, asar, Fuses)
//   2. electron-builder --prepackaged <Forge output>  (AppImage/deb/rpm, NSIS/portable, dmg/zip)
// `npm run dist -- --dry-run` validates both configurations and prints the commands without running
// them (nothing is downloaded): that is what runs on machines without the Electron binary.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadBuilderConfig, validateBuilderConfig } from './packaging/builder-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRODUCT = 'Hash Equivalence Inspector';

type Platform = 'linux' | 'win32' | 'darwin';
const BUILDER_FLAG: Record<Platform, string> = { linux: '--linux', win32: '--win', darwin: '--mac' };

/** Where Forge puts the packaged app for a platform and arch, as electron-builder's --prepackaged wants it. */
export function forgeOutputDir(platform: Platform, arch: string): string {
  const dir = path.join(root, 'out', `${PRODUCT}-${platform}-${arch}`);
  return platform === 'darwin' ? path.join(dir, `${PRODUCT}.app`) : dir;
}

/** The commands that build installers for one platform, in order. */
export function distCommands(platform: Platform, archs: string[]): string[][] {
  const cmds: string[][] = [];
  for (const arch of archs) {
    cmds.push(['npx', 'electron-forge', 'package', `--platform=${platform}`, `--arch=${arch}`]);
    cmds.push([
      'npx',
      'electron-builder',
      '--config',
      'electron-builder.yml',
      BUILDER_FLAG[platform],
      `--${arch}`,
      '--prepackaged',
      forgeOutputDir(platform, arch),
    ]);
  }
  return cmds;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      platform: { type: 'string', default: process.platform },
      arch: { type: 'string', default: process.arch },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const platform = values.platform as Platform;
  if (!(platform in BUILDER_FLAG)) throw new Error(`unknown platform ${platform} (linux, win32, darwin)`);
  const archs = values.arch!.split(',');
  await validateBuilderConfig(loadBuilderConfig(root));
  console.log("electron-builder.yml: valid against electron-builder's schema");
  const cmds = distCommands(platform, archs);
  for (const cmd of cmds) {
    console.log(`$ ${cmd.map((c) => (c.includes(' ') ? JSON.stringify(c) : c)).join(' ')}`);
    if (values['dry-run']) continue;
    const r = spawnSync(cmd[0]!, cmd.slice(1), {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  if (values['dry-run']) console.log('dry run: nothing was built or downloaded');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`dist: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
