import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

/** electron-builder's configuration as we keep it (electron-builder.yml at the repo root). */
export type BuilderConfig = Record<string, unknown>;

/** Reads electron-builder.yml. */
export function loadBuilderConfig(root: string): BuilderConfig {
  return parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** Validates against the JSON schema shipped in app-builder-lib (offline; throws with the schema's message). */
export async function validateBuilderConfig(config: BuilderConfig): Promise<void> {
  const require = createRequire(import.meta.url);
  const mod = require('app-builder-lib/out/util/config/config') as {
    validateConfiguration(c: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await mod.validateConfiguration(config, new DebugLogger(false));
}
