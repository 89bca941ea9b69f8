import { readdirSync, statSync, type Dirent } from 'node:fs';
import { readdir, stat, statfs } from 'node:fs/promises';
import type { ErrorCode } from '../../../../shared/model/errors';

/** What the scanner needs from a stat call. */
export interface ScanStat {
  size: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/**
 * The few file system calls the sstate scanner makes; tests substitute failing or racing ones.
 * Results may be direct (system calls made in place) or promises (thread pool).
 */
export interface ScanFs {
  /** Lists a directory with entry types (one batched getdents walk per directory). */
  readdir(dir: string): Dirent[] | Promise<Dirent[]>;
  /** Lists a directory with raw byte names; only called to report names that are not UTF-8. */
  readdirRaw(dir: string): Buffer[] | Promise<Buffer[]>;
  /** Follows symlinks, like BitBake does when it opens an object. */
  stat(file: string): ScanStat | Promise<ScanStat>;
}

/**
 * The real file system through libuv's thread pool: many calls in flight, so the latency of a
 * network file system (NFS-shared SSTATE_DIR, SMB mirror) overlaps. On a local disk the hand-off
 * to the pool costs more than the system call itself.
 */
export const nodeScanFs: ScanFs = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  readdirRaw: (dir) => readdir(dir, { encoding: 'buffer' }),
  stat: (file) => stat(file),
};

/**
 * The real file system through direct system calls, for local disks (measured 2–3x faster than
 * the pool there). Each call is short; the scanner yields to the event loop every few
 * milliseconds, so it stays responsive and cancellable.
 */
export const syncScanFs: ScanFs = {
  readdir: (dir) => readdirSync(dir, { withFileTypes: true }),
  readdirRaw: (dir) => readdirSync(dir, { encoding: 'buffer' }),
  stat: (file) => statSync(file),
};

/** statfs `f_type` of network and FUSE file systems, where calls may block for a round trip. */
const REMOTE_FS_TYPES = new Set([
  0x6969, // NFS
  0xff534d42, // CIFS
  0xfe534d42, // SMB2
  0x517b, // SMB
  0x65735546, // FUSE (sshfs, s3fs, ...)
  0x564c, // NCP
  0x6b414653, // AFS
  0x47504653, // GPFS
  0x0bd00bd0, // Lustre
  0x01021997, // 9P (v9fs)
  0x73757245, // CODA
]);

/**
 * Picks the file system access for a root: the thread pool for network file systems (or when
 * statfs is unavailable, e.g. on Windows), direct calls for local ones.
 */
export async function chooseScanFs(root: string): Promise<{ fs: ScanFs; mode: 'sync' | 'async' }> {
  try {
    const st = await statfs(root);
    if (REMOTE_FS_TYPES.has(Number(st.type) >>> 0)) return { fs: nodeScanFs, mode: 'async' };
    return { fs: syncScanFs, mode: 'sync' };
  } catch {
    return { fs: nodeScanFs, mode: 'async' };
  }
}

/** Maps an OS error to our error code and a short human reason. */
export function describeFsError(err: unknown): { code: ErrorCode; reason: string } {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (errno) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { code: 'NOT_FOUND', reason: 'vanished during the scan (or is no longer a directory)' };
    case 'EACCES':
    case 'EPERM':
      return { code: 'PERMISSION_DENIED', reason: 'permission denied' };
    default:
      return {
        code: 'BAD_FORMAT',
        reason: `cannot be read (${errno ?? (err instanceof Error ? err.message : String(err))})`,
      };
  }
}

/** Shows a raw file name with bytes that are not UTF-8 as `\xNN`, for problem reports. */
export function escapeRawName(raw: Buffer): string {
  let out = '';
  let i = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (i < raw.length) {
    // Take the longest valid UTF-8 sequence starting here (1..4 bytes), else escape one byte.
    let taken = 0;
    for (let n = 1; n <= 4 && i + n <= raw.length; n++) {
      try {
        const s = decoder.decode(raw.subarray(i, i + n));
        out += s;
        taken = n;
        break;
      } catch {
        // not a complete sequence of n bytes; try n + 1
      }
    }
    if (taken === 0) {
      out += `\\x${raw[i]!.toString(16).padStart(2, '0')}`;
      taken = 1;
    }
    i += taken;
  }
  return out;
}

/** True when the name is exactly representable as UTF-8 (the OS gave us valid bytes). */
export function isValidUtf8(raw: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(raw);
    return true;
  } catch {
    return false;
  }
}
