import { InspectorError, toErrorInfo } from '../../../../shared/model/errors';
import type { ErrorInfo, ErrorWhere } from '../../../../shared/model/errors';
import { readPickle } from '../pickle/pickle-reader';
import { isGlobal, isObject } from '../pickle/pickle-access';
import { globalName, toCanonical } from './eventlog-canonical';
import type { CanonicalObject, CanonicalValue } from './eventlog-canonical';
import { readTextLines } from './eventlog-lines';
import type { ReadLinesOptions } from './eventlog-lines';

/** One decoded event: its class (`module.qualname`) and attributes (the object's state dict). */
export interface EventRecord {
  kind: 'event';
  /** 1-based line in the log. */
  line: number;
  /** The line's `class` field, checked against the class the pickle names. */
  className: string;
  /** The attributes in canonical plain form; null when the caller chose not to decode this class. */
  attrs: CanonicalObject | null;
}

/** The `{"allvariables": ...}` dump line (spec eventlog.md §2.2): the `v` value of each variable. */
export interface VariablesRecord {
  kind: 'variables';
  line: number;
  /** Variable name -> `v` (str() of the expanded value). */
  values: Record<string, string>;
  count: number;
}

/** A line that could not be read or decoded; the rest of the log continues. */
export interface EventLineError {
  kind: 'error';
  line: number;
  /** The `class` field, when the JSON got that far. */
  className?: string;
  error: ErrorInfo;
}

/** One line of an event log. */
export type EventLogEntry = EventRecord | VariablesRecord | EventLineError;

/** Options of {@link readEventLog} / {@link decodeEventLine}. */
export interface ReadEventLogOptions extends ReadLinesOptions {
  /**
   * Which classes to convert to attributes; others get `attrs: null` (their pickle is still
   * decoded and checked, so unsafe content is reported on any line). Default: all.
   */
  decode?: (className: string) => boolean;
  /** Bound on a pickle's items / a canonical value's nodes. */
  maxItems?: number;
  maxDepth?: number;
}

const BASE64_MIME = /^[A-Za-z0-9+/\n\r]*={0,2}\n*$/;

/**
 * Streams a BitBake event log (`tmp/log/eventlog/*.json`, spec eventlog.md §1–3) line by line:
 * events are decoded from their base64 pickle in symbolic mode (class references stay inert
 * names, nothing is resolved or called) into plain records. A malformed line, a hostile or
 * broken pickle, or an over-long line yields an `error` entry for that line and reading goes on.
 */
export async function* readEventLog(
  file: string,
  opts: ReadEventLogOptions = {},
): AsyncGenerator<EventLogEntry> {
  for await (const l of readTextLines(file, opts)) {
    if ('error' in l) {
      yield { kind: 'error', line: l.line, error: l.error };
      continue;
    }
    if (l.text.trim() === '') continue; // a blank line carries nothing
    yield decodeEventLine(l.text, l.line, file, opts);
  }
}

/** Decodes one line of an event log; never throws (errors become an `error` entry). */
export function decodeEventLine(
  text: string,
  line: number,
  file: string,
  opts: ReadEventLogOptions = {},
): EventLogEntry {
  const where: ErrorWhere = { file, line };
  let className: string | undefined;
  try {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InspectorError('BAD_FORMAT', `Line ${line} is not JSON (${(e as Error).message})`, where);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new InspectorError('BAD_FORMAT', `Line ${line} is not a JSON object`, where);
    }
    const obj = json as Record<string, unknown>;
    if ('allvariables' in obj) return variablesRecord(obj.allvariables, line, where);
    if (typeof obj.class !== 'string' || typeof obj.vars !== 'string') {
      throw new InspectorError(
        'BAD_FORMAT',
        `Line ${line} has neither "class"/"vars" strings nor "allvariables"`,
        where,
      );
    }
    className = obj.class;
    const wanted = opts.decode ? opts.decode(className) : true;
    return {
      kind: 'event',
      line,
      className,
      attrs: decodeEventPickle(obj.vars, className, where, opts, wanted),
    };
  } catch (e) {
    const info = toErrorInfo(e);
    if (!info.where) info.where = where;
    return className === undefined
      ? { kind: 'error', line, error: info }
      : { kind: 'error', line, className, error: info };
  }
}

/** base64 pickle -> canonical attributes of the event object, checking its class. */
function decodeEventPickle(
  vars: string,
  className: string,
  where: ErrorWhere,
  opts: ReadEventLogOptions,
  wanted: boolean,
): CanonicalObject | null {
  // MIME base64 (a newline every 76 characters); refuse anything else rather than guess.
  if (!BASE64_MIME.test(vars))
    throw new InspectorError('BAD_FORMAT', `Line ${where.line}: "vars" is not base64`, where);
  const bytes = Buffer.from(vars, 'base64');
  const value = readPickle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    ...(where.file !== undefined ? { file: where.file } : {}),
    ...(where.line !== undefined ? { line: where.line } : {}),
    mode: 'symbolic',
    ...(opts.maxItems !== undefined ? { maxItems: opts.maxItems } : {}),
    ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}),
  });
  if (!isObject(value) || !isGlobal(value.cls)) {
    throw new InspectorError('BAD_FORMAT', `Line ${where.line}: the pickle is not an event object`, where);
  }
  const pickled = globalName(value.cls);
  if (pickled !== className) {
    throw new InspectorError(
      'BAD_FORMAT',
      `Line ${where.line}: "class" says ${className} but the pickle builds ${pickled}`,
      where,
    );
  }
  // A class the caller does not want is still decoded (so a hostile or broken pickle is
  // reported on every line) but not converted: datastores in MultiConfigParsed are large.
  if (!wanted) return null;
  const canon = toCanonical(value, {
    where,
    ...(opts.maxItems !== undefined ? { maxNodes: opts.maxItems } : {}),
  });
  const state = (canon as CanonicalObject).$state;
  if (state === null || state === undefined) return {};
  if (typeof state !== 'object' || Array.isArray(state) || '$dict' in state) {
    throw new InspectorError(
      'BAD_FORMAT',
      `Line ${where.line}: the event's state is not a dict of attributes`,
      where,
    );
  }
  return state;
}

function variablesRecord(all: unknown, line: number, where: ErrorWhere): VariablesRecord {
  if (typeof all !== 'object' || all === null || Array.isArray(all)) {
    throw new InspectorError('BAD_FORMAT', `Line ${line}: "allvariables" is not an object`, where);
  }
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const [name, entry] of Object.entries(all as Record<string, unknown>)) {
    count++;
    const v = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).v : undefined;
    if (typeof v === 'string') values[name] = v;
  }
  return { kind: 'variables', line, values, count };
}

/** Reads a string attribute, or undefined. */
export function attrString(attrs: CanonicalObject | null, key: string): string | undefined {
  const v = attr(attrs, key);
  return typeof v === 'string' ? v : undefined;
}

/** Reads a number attribute, or undefined. */
export function attrNumber(attrs: CanonicalObject | null, key: string): number | undefined {
  const v = attr(attrs, key);
  return typeof v === 'number' ? v : undefined;
}

/** Reads any attribute in canonical form, or undefined. */
export function attr(attrs: CanonicalObject | null, key: string): CanonicalValue | undefined {
  return attrs && Object.hasOwn(attrs, key) ? attrs[key] : undefined;
}
