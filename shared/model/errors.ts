/**
 * Errors are values: a stable code, a message a user can act on, and where it happened.
 * Services throw `InspectorError`; front doors turn it into `{ code, message, where }`.
 */

/** Where an error happened, as precisely as the reader knows it. */
export interface ErrorWhere {
  file?: string;
  /** Byte offset in the file. */
  offset?: number;
  /** 1-based line number. */
  line?: number;
  /** SQLite table, archive member, pickle key... whatever names the place inside the file. */
  entry?: string;
}

/**
 * Known error codes. Add a code here when a new failure needs its own handling; keep the
 * message for the details.
 */
export const ERROR_CODES = [
  'NOT_FOUND', // a path or record does not exist
  'PERMISSION_DENIED', // the OS refused to read it
  'NOT_A_FILE', // expected a file, got something else (or vice versa)
  'BAD_FORMAT', // the bytes are not what the format says
  'TRUNCATED', // the file ends before the format does
  'UNSUPPORTED', // a valid file of a version or variant we do not read
  'UNSAFE_CONTENT', // input that would run code or escape a path (pickle GLOBAL, tar ../)
  'TOO_LARGE', // a size bound was hit (decompression bomb, giant line)
  'CANCELLED', // the caller aborted
  'TIMEOUT',
  'INVALID_INPUT', // arguments or request payload failed validation
  'UNKNOWN_METHOD',
  'CONNECTION', // network/socket failure
  'PROTOCOL', // the peer spoke something we did not expect
  'SERVER_ERROR', // the peer reported an error
  'INTERNAL', // a bug: we did not expect this
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serializable shape of an error, as it crosses IPC, HTTP and the CLI's JSON output. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  where?: ErrorWhere;
}

/** The one error class the engine throws on purpose. */
export class InspectorError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorWhere | undefined;

  constructor(code: ErrorCode, message: string, where?: ErrorWhere, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InspectorError';
    this.code = code;
    this.where = where;
  }

  toInfo(): ErrorInfo {
    return this.where
      ? { code: this.code, message: this.message, where: this.where }
      : { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into an ErrorInfo; unknown throwables become INTERNAL. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof InspectorError) return err.toInfo();
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}

/** One line for humans: `file:offset: message` or just the message. */
export function formatErrorInfo(info: ErrorInfo): string {
  const w = info.where;
  if (!w?.file) return info.message;
  const pos = w.line !== undefined ? `:${w.line}` : w.offset !== undefined ? ` (offset ${w.offset})` : '';
  const entry = w.entry ? ` [${w.entry}]` : '';
  return `${w.file}${pos}${entry}: ${info.message}`;
}

/** A value or the error that stopped it, for places where one failure must not stop the rest. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** For exhaustive switches: the compiler proves this is never reached. */
export function assertNever(x: never, what = 'value'): never {
  throw new InspectorError('INTERNAL', `Unexpected ${what}: ${JSON.stringify(x)}`);
}
