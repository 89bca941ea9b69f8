/**
 * JSON as it goes on the hashserv wire (spec §2.3): messages of 32767 characters or more are sent
 * as `{"chunk-stream": null}`, slices of 32767 characters, then an empty line.
 */

/** Python's DEFAULT_MAX_CHUNK: messages whose length reaches CHUNK_SIZE must be chunked. */
export const MAX_CHUNK = 32 * 1024;
/** Size of one chunk slice, and the length from which a message is chunked. */
export const CHUNK_SIZE = MAX_CHUNK - 1;

/** Escapes every character outside printable ASCII as `\uXXXX`, so characters = bytes. */
export function asciiOnly(json: string): string {
  return json.replace(/[^\x20-\x7e]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * Serializes one message into the lines to send. On stream transports a long message is chunked;
 * spaces (which exist only inside strings in compact JSON) become `\u0020`, because the Python
 * reader strips trailing whitespace from every line and would corrupt a slice ending in a space.
 */
export function encodeMessage(value: unknown, chunked: boolean): string[] {
  const json = asciiOnly(JSON.stringify(value));
  if (!chunked || json.length < CHUNK_SIZE) return [json];
  const safe = json.replace(/ /g, '\\u0020');
  const lines = ['{"chunk-stream":null}'];
  for (let i = 0; i < safe.length; i += CHUNK_SIZE) lines.push(safe.slice(i, i + CHUNK_SIZE));
  lines.push('');
  return lines;
}

/** True for the values Python treats as false (a falsy first line is the message itself). */
export function isFalsy(v: unknown): boolean {
  if (v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** A plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
