/**
 * The envelope every call answers with, on every transport: `{ ok: true, value }` or
 * `{ ok: false, error: { code, message, where } }` — the same shape as `Result<T>`.
 */
import { z } from 'zod';
import type { ErrorInfo, Result } from '../model/errors';
import { InspectorError } from '../model/errors';
import { ErrorInfoSchema } from '../model/tasks';

/** One call's answer. */
export type Envelope<T = unknown> = Result<T>;

/** Validates an envelope coming back from a transport (the value itself is checked by the caller). */
export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
]);

/** A success envelope. */
export function okEnvelope<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

/** A failure envelope. */
export function errorEnvelope(error: ErrorInfo): Envelope<never> {
  return { ok: false, error };
}

/** Turns zod issues into one path-precise message: `query.limit: Too big…; paths: Required`. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const parts = error.issues.slice(0, max).map((i) => {
    const path = i.path.map(String).join('.');
    return path ? `${path}: ${i.message}` : i.message;
  });
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

/** The value of an envelope, or the InspectorError it carries, thrown. */
export function unwrapEnvelope<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  const e = envelope.error;
  throw new InspectorError(e.code, e.message, e.where);
}
