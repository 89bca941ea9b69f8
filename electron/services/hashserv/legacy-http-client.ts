import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { InspectorError } from '../../../shared/model/errors';
import type { OuthashRecord, ReportTaskData, UnihashMapping } from '../../../shared/model/server-rows';
import { throwIfCancelled } from '../jobs/cancel';
import type { ServerAddress } from './address';
import type { BulkOptions, TaskhashQuery } from './client';
import type { HashEquivClient } from './hash-equiv-client';
import { isObject } from './wire-json';

/** Options of the legacy HTTP client. */
export interface LegacyHttpClientOptions {
  /** Longest wait for one whole response (default 30 s). */
  timeoutMs?: number;
  /** Largest response body accepted (default 1 MiB; answers are one small JSON object). */
  maxBodyBytes?: number;
  /** Requests in flight at once for bulk look-ups (the 2019 server handles one per connection). */
  concurrency?: number;
  caFile?: string;
}

/**
 * Client for the 2019 reference server's HTTP API (spec §7, BitBake 1.42 / warrior):
 * `GET {prefix}/v1/equivalent?method&taskhash` and `POST {prefix}/v1/equivalent`. It has no
 * stream mode, no exists, no outhash query: those throw UNSUPPORTED.
 */
export class LegacyHttpClient implements HashEquivClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxBody: number;
  private readonly concurrency: number;
  private readonly ca: string[] | undefined;

  constructor(
    readonly address: ServerAddress,
    opts: LegacyHttpClientOptions = {},
  ) {
    if (address.kind !== 'http')
      throw new InspectorError('INTERNAL', 'LegacyHttpClient needs an http(s):// address');
    this.base = new URL(address.url);
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxBody = opts.maxBodyBytes ?? 1024 * 1024;
    this.concurrency = opts.concurrency ?? 8;
    this.ca =
      opts.caFile !== undefined
        ? [
            ...tls.getCACertificates('default'),
            ...tls.getCACertificates('system'),
            readFileSync(opts.caFile, 'utf8'),
          ]
        : undefined;
  }

  /** `GET /v1/equivalent`: the oldest mapping for (method, taskhash), or null. */
  async get(method: string, taskhash: string): Promise<UnihashMapping | null> {
    const url = this.url();
    url.searchParams.set('method', method);
    url.searchParams.set('taskhash', taskhash);
    const body = await this.request('GET', url);
    return body === null ? null : mapping(body, url.pathname);
  }

  /** Look-ups one request each, a few in flight at once (no stream mode in this API). */
  async lookupTaskhashes(
    queries: readonly TaskhashQuery[],
    opts: BulkOptions = {},
  ): Promise<Array<string | null>> {
    const out = new Array<string | null>(queries.length).fill(null);
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < queries.length) {
        throwIfCancelled(opts.signal, 'Look-up');
        const i = next++;
        const q = queries[i] as TaskhashQuery;
        out[i] = (await this.get(q.method, q.taskhash))?.unihash ?? null;
        opts.onProgress?.(++done, queries.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queries.length) }, worker));
    return out;
  }

  unihashesExist(): Promise<boolean[]> {
    return Promise.reject(this.unsupported('exists-stream'));
  }

  getOuthash(): Promise<OuthashRecord | null> {
    return Promise.reject(this.unsupported('get-outhash'));
  }

  /** `POST /v1/equivalent`: reports an outhash; returns the unihash to use. */
  async report(
    r: { method: string; taskhash: string; outhash: string; unihash: string } & ReportTaskData,
  ): Promise<UnihashMapping> {
    const url = this.url();
    return mapping(await this.request('POST', url, JSON.stringify(r)), url.pathname);
  }

  close(): void {
    // One request per connection: nothing stays open.
  }

  private url(): URL {
    const u = new URL(this.base.toString());
    u.pathname = u.pathname.replace(/\/+$/, '') + '/v1/equivalent';
    u.search = '';
    return u;
  }

  private unsupported(what: string): InspectorError {
    return new InspectorError(
      'UNSUPPORTED',
      `The legacy HTTP server ${this.address.text} has no '${what}' (2019 API)`,
      {
        entry: this.address.text,
      },
    );
  }

  private request(method: 'GET' | 'POST', url: URL, body?: string): Promise<unknown> {
    const where = { entry: `${method} ${url.pathname}` };
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<unknown>((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method,
          agent: false,
          headers:
            body !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {},
          ...(this.ca ? { ca: this.ca } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > this.maxBody) {
              req.destroy();
              reject(
                new InspectorError(
                  'TOO_LARGE',
                  `The answer of ${this.address.text} exceeds ${this.maxBody} bytes`,
                  where,
                ),
              );
            } else chunks.push(c);
          });
          res.on('error', (err) =>
            reject(new InspectorError('CONNECTION', `${this.address.text}: ${err.message}`, where)),
          );
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status === 404) {
              return reject(
                new InspectorError(
                  'PROTOCOL',
                  `${this.address.text} has no ${url.pathname} (404): not a 2019 hash equivalence server, or wrong prefix`,
                  where,
                ),
              );
            }
            if (status !== 200) {
              const explanation = /Error code explanation: ([^<]*)/.exec(text)?.[1]?.trim();
              return reject(
                new InspectorError(
                  'SERVER_ERROR',
                  `${this.address.text} answered ${status}${explanation ? `: ${explanation.slice(0, 200)}` : ''}`,
                  where,
                ),
              );
            }
            try {
              resolve(JSON.parse(text));
            } catch {
              reject(
                new InspectorError(
                  'PROTOCOL',
                  `${this.address.text} answered something that is not JSON`,
                  where,
                ),
              );
            }
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => {
        req.destroy();
        reject(
          new InspectorError(
            'TIMEOUT',
            `No answer from ${this.address.text} within ${this.timeoutMs} ms`,
            where,
          ),
        );
      });
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          new InspectorError(
            'CONNECTION',
            `Cannot reach ${this.address.text}: ${err.code ?? err.message}`,
            where,
          ),
        ),
      );
      req.end(body);
    });
  }
}

function mapping(v: unknown, where: string): UnihashMapping {
  if (
    !isObject(v) ||
    typeof v.unihash !== 'string' ||
    typeof v.taskhash !== 'string' ||
    typeof v.method !== 'string'
  ) {
    throw new InspectorError('PROTOCOL', `Unexpected answer ${JSON.stringify(v)?.slice(0, 80)}`, {
      entry: where,
    });
  }
  return { taskhash: v.taskhash, method: v.method, unihash: v.unihash };
}
