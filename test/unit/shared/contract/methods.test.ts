import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  EVENTS,
  EVENT_NAMES,
  METHODS,
  METHOD_NAMES,
  OuthashParamsSchema,
  PathSchema,
  isEventName,
  isMethodName,
} from '../../../../shared/contract';
import { TaskQuerySchema } from '../../../../shared/model/tasks';

describe('the method table', () => {
  it('names every method domain.verb and documents it', () => {
    expect(METHOD_NAMES.length).toBe(Object.keys(METHODS).length);
    for (const name of METHOD_NAMES) {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
      expect(METHODS[name].summary.length).toBeGreaterThan(10);
    }
  });

  it('covers everything the UI needs (the app-shell issue list)', () => {
    const needed = [
      'workspace.open',
      'workspace.addBuild',
      'workspace.close',
      'workspace.recent',
      'sources.list',
      'tasks.query',
      'tasks.count',
      'tasks.facets',
      'tasks.export',
      'classes.query',
      'tasks.detail',
      'siginfo.read',
      'siginfo.diff',
      'outhash.compute',
      'outhash.verify',
      'outhash.diff',
      'server.connect',
      'server.compare',
      'server.report',
      'job.cancel',
      'app.choosePaths',
    ];
    for (const n of needed) expect(isMethodName(n), n).toBe(true);
    expect(isEventName('job.progress')).toBe(true);
    expect(EVENT_NAMES).toEqual([
      'job.progress',
      'job.finished',
      'workspace.changed',
      'app.openPaths',
      'app.openDemo',
    ]);
  });

  it('gives every long job an optional jobId and no other method one', () => {
    for (const name of METHOD_NAMES) {
      if (name === 'job.cancel') continue; // takes the id of the job to cancel
      const spec = METHODS[name];
      const shape = (spec.input as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      expect('jobId' in shape, name).toBe(spec.job === true);
      if (shape.jobId) expect(shape.jobId.safeParse(undefined).success, name).toBe(true);
    }
  });

  it('reuses the task query schema of shared/model (defaults applied on parse)', () => {
    const input = METHODS['tasks.query'].input.parse({ workspaceId: 'w1', query: { search: 'zlib' } });
    expect(input.query).toEqual({ search: 'zlib', offset: 0, limit: 100 });
    expect(TaskQuerySchema.safeParse({ limit: 1001 }).success).toBe(false);
  });

  it('refuses unknown keys in inputs (strict objects)', () => {
    const r = METHODS['workspace.open'].input.safeParse({ paths: ['/tmp/x'], evil: true });
    expect(r.success).toBe(false);
  });

  it('asks for a native dialog by kind and purpose only (app.choosePaths)', () => {
    const input = METHODS['app.choosePaths'].input;
    expect(input.safeParse({ kind: 'files', purpose: 'add' }).success).toBe(true);
    expect(input.safeParse({ kind: 'directory', purpose: 'compare' }).success).toBe(true);
    expect(input.safeParse({ kind: 'directory' }).success).toBe(false);
    expect(input.safeParse({ kind: 'file', purpose: 'open' }).success).toBe(false);
    expect(input.safeParse({ kind: 'files', purpose: 'open', defaultPath: '/' }).success).toBe(false);
    expect(METHODS['app.choosePaths'].output.parse({ paths: [] })).toEqual({ paths: [] });
  });

  it('refuses empty and NUL paths', () => {
    expect(PathSchema.safeParse('').success).toBe(false);
    expect(PathSchema.safeParse('/a\u0000b').success).toBe(false);
    expect(METHODS['workspace.open'].input.safeParse({ paths: [] }).success).toBe(false);
  });

  it('validates event payloads', () => {
    const ok = EVENTS['job.progress'].safeParse({
      jobId: 'j1',
      method: 'workspace.open',
      progress: { phase: 'scan', done: 3 },
    });
    expect(ok.success).toBe(true);
    expect(EVENTS['app.openPaths'].safeParse({ paths: [], intent: 'open' }).success).toBe(false);
  });

  it('keeps outhash parameters strict', () => {
    expect(OuthashParamsSchema.safeParse({ task: 'package', sourceDateEpoch: '1700000000' }).success).toBe(
      true,
    );
    expect(OuthashParamsSchema.safeParse({ task: 'package', typo: 1 }).success).toBe(false);
  });
});
