import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig, validateBuilderConfig } from '../../../scripts/packaging/builder-config';
import { distCommands } from '../../../scripts/dist';
import { REPO_ROOT } from '../../helpers/paths';

interface Target {
  target: string;
  arch?: string[];
}
const config = loadBuilderConfig(REPO_ROOT) as {
  appId: string;
  asarUnpack: string[];
  fileAssociations: Array<{ ext: string; mimeType: string }>;
  linux: { target: string[]; icon: string; mimeTypes: string[] };
  win: { target: Target[]; icon: string; signtoolOptions: { publisherName: string } };
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean };
  mac: {
    target: Target[];
    icon: string;
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
  };
  deb: { afterInstall: string };
};

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
  });

  it('rejects an invalid option (the validation is real)', async () => {
    await expect(validateBuilderConfig({ ...config, win: { publisherName: 'x' } })).rejects.toThrow(
      /configuration\.win/,
    );
  });

  it('targets AppImage, deb and rpm on Linux', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
  });

  it('targets per-user NSIS (no admin) and portable on Windows', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'portable']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false });
    expect(config.win.signtoolOptions.publisherName).toBeTruthy();
    expect(config.appId).toMatch(/^[a-z0-9.]+$/);
  });

  it('targets dmg and zip for arm64 and x64 on macOS, hardened, with entitlements', () => {
    for (const name of ['dmg', 'zip']) {
      expect(config.mac.target.find((t) => t.target === name)?.arch).toEqual(['arm64', 'x64']);
    }
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const f of [config.mac.entitlements, config.mac.entitlementsInherit])
      expect(existsSync(path.join(REPO_ROOT, f))).toBe(true);
  });

  it('associates .siginfo, .sigdata and hashserv databases, with Linux MIME types', () => {
    expect(config.fileAssociations.map((a) => a.ext)).toEqual(['siginfo', 'sigdata', 'db']);
    expect(config.linux.mimeTypes).toEqual(config.fileAssociations.map((a) => a.mimeType));
    expect(existsSync(path.join(REPO_ROOT, config.deb.afterInstall))).toBe(true);
  });

  it('keeps native modules out of asar and points at icons that exist', () => {
    expect(config.asarUnpack).toContain('**/*.node');
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon])
      expect(existsSync(path.join(REPO_ROOT, icon))).toBe(true);
  });
});

describe('npm run dist', () => {
  it('packages with Forge, then builds installers from the packaged app, per arch', () => {
    const cmds = distCommands('darwin', ['arm64', 'x64']).map((c) => c.slice(1, 3).join(' '));
    expect(cmds).toEqual([
      'electron-forge package',
      'electron-builder --config',
      'electron-forge package',
      'electron-builder --config',
    ]);
    const mac = distCommands('darwin', ['arm64'])[1]!;
    expect(mac.at(-1)).toMatch(
      /Hash Equivalence Inspector-darwin-arm64[/\\]Hash Equivalence Inspector\.app$/,
    );
    expect(distCommands('linux', ['x64'])[1]).toContain('--linux');
  });
});
