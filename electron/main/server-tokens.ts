import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The part of Electron's safeStorage we use (injected: tests pass a fake). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Saved server tokens, by server address. */
export interface TokenStore {
  get(address: string): string | undefined;
  set(address: string, token: string): void;
  delete(address: string): boolean;
}

/**
 * Server tokens encrypted with the OS keychain (safeStorage) in a file of userData. Where the OS
 * offers no encryption, tokens are kept for this session only: never written in clear.
 */
export function createTokenStore(file: string, cipher: SecretCipher): TokenStore {
  const memory = new Map<string, string>();
  const load = (): Record<string, string> => {
    try {
      const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const save = (all: Record<string, string>): void => {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  };
  return {
    get(address) {
      if (memory.has(address)) return memory.get(address);
      const enc = load()[address];
      if (typeof enc !== 'string' || !cipher.isEncryptionAvailable()) return undefined;
      try {
        return cipher.decryptString(Buffer.from(enc, 'base64'));
      } catch {
        return undefined; // another user's or machine's keychain: as if never saved
      }
    },
    set(address, token) {
      if (!cipher.isEncryptionAvailable()) {
        memory.set(address, token);
        return;
      }
      const all = load();
      all[address] = cipher.encryptString(token).toString('base64');
      save(all);
    },
    delete(address) {
      const had = memory.delete(address);
      const all = load();
      if (!(address in all)) return had;
      delete all[address];
      save(all);
      return true;
    },
  };
}

/** Methods whose input carries `server: ServerTarget`. */
const SERVER_METHODS = new Set(['server.connect', 'server.compare', 'server.reportPreview', 'server.report']);

/**
 * Main's one intervention on forwarded calls: a server call without a token gets the saved one,
 * and a call with `remember: true` saves its token. The engine never sees the keychain.
 */
export function applySavedToken(method: string, input: unknown, store: TokenStore): unknown {
  if (!SERVER_METHODS.has(method) || !input || typeof input !== 'object') return input;
  const server = (input as { server?: unknown }).server;
  if (!server || typeof server !== 'object') return input;
  const s = server as { address?: unknown; token?: unknown; remember?: unknown };
  if (typeof s.address !== 'string') return input;
  if (typeof s.token === 'string' && s.token !== '') {
    if (s.remember === true) store.set(s.address, s.token);
    return input;
  }
  const saved = store.get(s.address);
  return saved === undefined ? input : { ...input, server: { ...s, token: saved } };
}
