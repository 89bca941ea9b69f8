/**
 * The Tasks view in Chromium (web mode) on a 1,000,000-row workspace: time to the first rows and
 * filter latency (typing in the search box until the table shows the new total), each next to the
 * same API call made directly over HTTP (the reference: what the engine alone costs).
 * Data: bench/.data/hashserv-1000000.db (bench/gen/hashserv-db-gen.ts). Renderer: dist/renderer
 * (built with `npx vite build -c vite.renderer.config.ts --mode web` when missing).
 * Run: npx tsx bench/renderer-tasks.bench.ts [rows]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { ensureBigHashservDb } from './gen/hashserv-db-gen';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows = Number(process.argv[2] ?? 1_000_000);
const file = ensureBigHashservDb(path.join(root, 'bench/.data'), rows);
if (!existsSync(path.join(root, 'dist/renderer/index.html'))) {
  spawnSync('npx', ['vite', 'build', '-c', 'vite.renderer.config.ts', '--mode', 'web'], {
    cwd: root,
    stdio: 'inherit',
  });
}

const server = spawn(
  process.execPath,
  ['--import', 'tsx', 'electron/cli/bin.ts', 'serve', '--no-open', '--port', '0'],
  {
    cwd: root,
    // The server's own messages go to a log beside the data (a crash must leave a trace).
    stdio: ['ignore', 'pipe', openSync(path.join(root, 'bench/.data/renderer-bench-server.log'), 'w')],
    env: { ...process.env, HASHEQUIV_RENDERER_DIR: path.join(root, 'dist/renderer') },
  },
);
const url = await new Promise<string>((resolve) =>
  createInterface({ input: server.stdout! }).once('line', resolve),
);
const origin = new URL(url).origin;
const token = new URL(url).searchParams.get('token')!;

/** One API call over HTTP, as the renderer's transport makes it; returns [ms, value]. */
async function rpc<T>(name: string, input: unknown, retry = true): Promise<[number, T]> {
  const t = performance.now();
  let res: Response;
  try {
    res = await fetch(`${origin}/rpc/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
  } catch (err) {
    // A keep-alive socket the server closed while the UI was busy: one fresh try.
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(`the server died (${server.exitCode ?? server.signalCode}) during ${name}`, {
        cause: err,
      });
    if (retry) return rpc<T>(name, input, false);
    throw err;
  }
  const env = (await res.json()) as { ok: boolean; value: T };
  if (!env.ok) throw new Error(`${name}: ${JSON.stringify(env)}`);
  return [performance.now() - t, env.value];
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  // Open: the engine indexes the file; then the first page must be on screen.
  const t0 = performance.now();
  await page.getByTestId('open-path-input').fill(file);
  await page.getByTestId('open-path-submit').click();
  await page.getByTestId('task-row').first().waitFor({ timeout: 600_000 });
  const openToRows = performance.now() - t0;
  console.log(`(open the file -> first rows: ${openToRows.toFixed(0)} ms)`);
  const ws = (
    await rpc<Array<{ id: string; counts: { rows: number }; builds: Array<{ indexMs: number }> }>>(
      'workspace.list',
      {},
    )
  )[1][0];
  // The engine alone: the index time it reports for that open.
  const openRef = ws!.builds.reduce((a, b) => a + b.indexMs, 0);
  const [firstRef] = await rpc('tasks.query', { workspaceId: ws!.id, query: { offset: 0, limit: 200 } });

  // Reload with the workspace open: app start to first rows.
  const reloads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await page.goto(`${origin}/?run=${i}#/tasks`); // a new query string: a real page load
    await page.getByTestId('task-row').first().waitFor();
    reloads.push(performance.now() - t);
  }
  // The reload opened the first workspace again; keep to one.
  const probe = (
    await rpc<{ rows: Array<{ unihash: string }> }>('tasks.query', {
      workspaceId: ws!.id,
      query: { offset: 500_000 % rows, limit: 1 },
    })
  )[1];
  const prefix = probe.rows[0]?.unihash.slice(0, 5) ?? 'abcde';
  const filters = ['is:equivalent', `${prefix}`, 'pn:recipe-12', 'is:equivalent sort:-created', ''];
  const ui: number[] = [];
  const ref: number[] = [];
  const search = page.getByRole('searchbox');
  for (const text of filters) {
    const before = await page.getByTestId('task-total').textContent();
    const t = performance.now();
    await search.fill(text);
    await page.waitForFunction(
      (old) => {
        const el = document.querySelector('[data-testid="task-total"]');
        const grid = document.querySelector('[role="grid"][aria-label="Tasks"]');
        return (
          el &&
          el.textContent !== old &&
          !el.closest('[aria-busy="true"]') &&
          grid?.querySelector('[data-testid="task-row"]')
        );
      },
      before,
      { timeout: 120_000 },
    );
    ui.push(performance.now() - t);
    console.log(`(filter "${text}": ${ui.at(-1)!.toFixed(0)} ms)`);
    const { parseFilterText } = await import('../shared/model/filter-syntax');
    ref.push(
      (
        await rpc('tasks.query', {
          workspaceId: ws!.id,
          query: { ...parseFilterText(text).query, offset: 0, limit: 200 },
        })
      )[0],
    );
  }
  // Scrolling far: jump to the end with the keyboard and wait for real rows there.
  await page.getByRole('grid', { name: 'Tasks' }).focus();
  const ts = performance.now();
  await page.keyboard.press('End');
  await page.waitForFunction(() => {
    const rows = [
      ...document.querySelectorAll('[role="grid"][aria-label="Tasks"] [role="row"][aria-rowindex]'),
    ];
    const last = rows.at(-1);
    return (
      last &&
      last.getAttribute('data-testid') === 'task-row' &&
      Number(last.getAttribute('aria-rowindex')) > 1000
    );
  });
  const endMs = performance.now() - ts;
  const [endRef] = await rpc('tasks.query', {
    workspaceId: ws!.id,
    query: { offset: Math.max(0, rows - 200), limit: 200 },
  });

  const fmt = (ms: number) => ms.toFixed(0).padStart(8);
  console.log(`data: ${file} (${ws!.counts.rows.toLocaleString()} rows)`);
  console.log(
    `\n${'operation (Chromium, web mode)'.padEnd(52)} ${'UI ms'.padStart(8)} ${'API ms'.padStart(8)}  ratio (UI/API)`,
  );
  console.log(
    `${'open the file -> first rows on screen'.padEnd(52)} ${fmt(openToRows)} ${fmt(openRef)}  ${(openToRows / openRef).toFixed(2)}x`,
  );
  console.log(
    `${'reload (workspace open) -> first rows, median of 3'.padEnd(52)} ${fmt(median(reloads))} ${fmt(firstRef)}  ${(median(reloads) / firstRef).toFixed(2)}x`,
  );
  filters.forEach((f, i) =>
    console.log(
      `${`filter "${f}" -> new rows`.padEnd(52)} ${fmt(ui[i]!)} ${fmt(ref[i]!)}  ${(ui[i]! / ref[i]!).toFixed(2)}x`,
    ),
  );
  console.log(
    `${'End key -> last rows on screen'.padEnd(52)} ${fmt(endMs)} ${fmt(endRef)}  ${(endMs / endRef).toFixed(2)}x`,
  );
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
