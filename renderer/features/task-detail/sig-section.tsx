import { ErrorBanner } from '../../components/error-banner';
import { HashText } from '../../components/hash-text';
import type { SigFile } from '../../../shared/model/sigdata';
import type { TaskRow } from '../../../shared/model/tasks';
import { useAppStore, useAppStoreApi } from '../../state';

/** Whether a recomputed hash agrees: a check mark a user trusts, or a red cross that says why. */
function Check({ ok, what }: { ok: boolean | undefined; what: string }) {
  if (ok === undefined) return <span className="muted">{what}: not recomputable from this file</span>;
  return ok ? (
    <span className="ok">✓ {what} recomputed: matches</span>
  ) : (
    <span className="bad">✗ {what} recomputed: differs</span>
  );
}

/** A dependency `mc:…:pn:do_task` or `/path/recipe.bb:do_task` with its hash, as a link to its row. */
function DepLink({ dep, hash }: { dep: string; hash: string | undefined }) {
  const store = useAppStoreApi();
  return (
    <li>
      {hash ? (
        <button
          type="button"
          className="link"
          title={`Open the task with taskhash ${hash}`}
          onClick={() => void store.getState().openTaskByHash(hash)}
        >
          {dep}
        </button>
      ) : (
        dep
      )}{' '}
      <HashText hash={hash} chars={12} label={`taskhash of ${dep}`} />
    </li>
  );
}

/** The sigdata of the task: the recomputed hashes, dependencies, variables, file checksums, taint. */
export function SigSection({ row }: { row: TaskRow }) {
  const sig = useAppStore((s) => s.sig);
  if (sig.status === 'idle')
    return (
      <p className="muted">
        No sigdata or siginfo file was found for this task, so its inputs cannot be shown.
      </p>
    );
  if (sig.status === 'loading')
    return (
      <p className="muted" role="status">
        Reading {sig.path}…
      </p>
    );
  if (sig.status === 'error' && sig.error) return <ErrorBanner error={sig.error} />;
  const f: SigFile | null = sig.value;
  if (!f) return null;
  const d = f.data;
  const deps = d.runtaskdeps ?? Object.keys(d.runtaskhashes ?? {});
  const recorded = d.taskhash ?? row.taskhash;
  return (
    <>
      <p className="muted mono small" title={f.path}>
        {f.format === 'legacy-pickle' ? 'legacy pickle' : 'zstd JSON'} · {f.path}
      </p>
      <dl className="kv">
        <dt>Taskhash check</dt>
        <dd data-testid="taskhash-check">
          <Check ok={f.taskhashMatches} what="taskhash" />{' '}
          {f.computedTaskhash && <HashText hash={f.computedTaskhash} label="recomputed taskhash" />}
          {recorded && f.computedTaskhash && f.computedTaskhash !== recorded && (
            <>
              {' '}
              recorded <HashText hash={recorded} label="recorded taskhash" />
            </>
          )}
        </dd>
        <dt>Basehash check</dt>
        <dd>
          <Check ok={f.basehashMatches} what="basehash" />{' '}
          <HashText hash={f.computedBasehash} label="recomputed basehash" />
        </dd>
        {d.unihash && (
          <>
            <dt>Unihash in file</dt>
            <dd>
              <HashText hash={d.unihash} label="unihash in sigdata" />
            </dd>
          </>
        )}
        {d.taint && (
          <>
            <dt>Taint</dt>
            <dd className="bad">
              <code>{d.taint}</code> (forced to run: the taskhash includes this nonce)
            </dd>
          </>
        )}
      </dl>
      <h4>Dependencies ({deps.length})</h4>
      {deps.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="deps">
          {deps.map((dep) => (
            <DepLink key={dep} dep={dep} hash={d.runtaskhashes?.[dep]} />
          ))}
        </ul>
      )}
      <details open={d.taskdeps.length <= 12}>
        <summary>
          <h4>Variables ({d.taskdeps.length})</h4>
        </summary>
        <table className="vars">
          <tbody>
            {d.taskdeps.map((v) => (
              <tr key={v}>
                <th scope="row">{v}</th>
                <td>
                  <pre>{d.varvals[v] ?? <span className="muted">(unset)</span>}</pre>
                  {(d.gendeps[v]?.length ?? 0) > 0 && (
                    <span className="muted small">uses {d.gendeps[v]!.join(', ')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <h4>File checksums ({d.fileChecksumValues?.length ?? 0})</h4>
      {(d.fileChecksumValues?.length ?? 0) === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="files">
          {d.fileChecksumValues!.map(([file, sum]) => (
            <li key={file}>
              <HashText hash={sum} chars={12} label={`checksum of ${file}`} />{' '}
              <span className="mono small">{file}</span>
            </li>
          ))}
        </ul>
      )}
      {d.basehashIgnoreVars.length > 0 && (
        <details>
          <summary>Ignored variables ({d.basehashIgnoreVars.length})</summary>
          <p className="mono small">{d.basehashIgnoreVars.join(' ')}</p>
        </details>
      )}
    </>
  );
}
