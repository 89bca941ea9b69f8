import type { ClassMember, EquivalenceClass } from '../../../shared/model/tasks';
import { HashText } from '../../components/hash-text';
import { tasksLink } from '../why-rebuilt/links';
import { count, percent, shortDate } from './format';
import type { EquivStats } from './slice';

/** Props of EquivStatsCards. */
export interface EquivStatsCardsProps {
  stats: EquivStats | null;
  loading: boolean;
}

/**
 * The build-wide figures: classes, taskhashes folded (by task type), rebuilds avoided. The cards
 * keep their size while loading (placeholders), so nothing below them jumps.
 */
export function EquivStatsCards({ stats, loading }: EquivStatsCardsProps) {
  const v = (n: number | undefined) => (n === undefined ? (loading ? '…' : '—') : count(n));
  return (
    <section className="an-cards" aria-label="Equivalence statistics">
      <div className="an-card">
        <div className="an-card__label">Equivalence classes</div>
        <div className="an-card__value" data-testid="stat-classes">
          {v(stats?.classes)}
        </div>
        <div className="an-card__hint">unihashes shared by 2+ taskhashes</div>
      </div>
      <div className="an-card">
        <div className="an-card__label">Taskhashes folded</div>
        <div className="an-card__value" data-testid="stat-folded">
          {v(stats?.folded)}
        </div>
        <div className="an-card__hint">
          {stats ? `${percent(stats.folded, stats.rows)} of ${count(stats.rows)} rows` : 'unihash ≠ taskhash'}
        </div>
      </div>
      <div className="an-card">
        <div className="an-card__label">Rebuilds avoided</div>
        <div className="an-card__value" data-testid="stat-avoided">
          {v(stats?.avoided)}
        </div>
        <div className="an-card__hint">folded onto an existing sstate object</div>
      </div>
      <div className="an-card an-card--wide">
        <div className="an-card__label">Folded by task type</div>
        <ul className="an-bars" aria-label="Folded taskhashes by task type">
          {(stats?.byTask ?? []).slice(0, 6).map((t) => (
            <li key={t.value}>
              <a href={tasksLink(`task:${t.value} is:equivalent`)} className="an-bars__name">
                {t.value}
              </a>
              <span className="an-bars__bar" aria-hidden="true">
                <span
                  className="an-bars__fill"
                  style={{ width: `${Math.max(3, (t.count / Math.max(1, stats!.byTask[0]!.count)) * 100)}%` }}
                />
              </span>
              <span className="an-bars__n">{count(t.count)}</span>
            </li>
          ))}
          {stats && stats.byTask.length === 0 && (
            <li className="muted">No folded taskhashes in this workspace</li>
          )}
        </ul>
      </div>
    </section>
  );
}

/** The recipe:task names of a class's members, for the list ("zlib:do_compile +2"). */
export function classLabel(c: EquivalenceClass): string {
  const names = [...new Set(c.members.map((m) => `${m.pn ?? '?'}:${m.task ?? '?'}`))];
  return names.length > 1 ? `${names[0]} +${names.length - 1}` : (names[0] ?? '—');
}

/** Props of MemberTable. */
export interface MemberTableProps {
  cls: EquivalenceClass;
}

/** Every member of a class: taskhash, outhash, date, recipe:task; each hash one click from Tasks. */
export function MemberTable({ cls }: MemberTableProps) {
  const members: ClassMember[] = [...cls.members].sort(
    (a, b) => Number(b.canonical) - Number(a.canonical) || (a.created ?? '').localeCompare(b.created ?? ''),
  );
  const outhashes = new Set(members.map((m) => m.outhash).filter(Boolean));
  return (
    <table className="an-table" aria-label={`Members of ${cls.unihash}`}>
      <thead>
        <tr>
          <th scope="col">Taskhash</th>
          <th scope="col">Recipe:task</th>
          <th scope="col">Outhash</th>
          <th scope="col">Reported</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.taskhash} className={m.canonical ? 'is-canonical' : undefined}>
            <td>
              <HashText hash={m.taskhash} chars={16} label="taskhash" />
              {m.canonical && <span className="eq-badge">canonical</span>}
            </td>
            <td>
              {m.pn ?? '?'}:{m.task ?? '?'}
            </td>
            <td>
              <HashText hash={m.outhash} chars={12} label="outhash" />
            </td>
            <td className="mono">{shortDate(m.created)}</td>
            <td>
              <a
                href={tasksLink(m.taskhash)}
                aria-label={`Show taskhash ${m.taskhash.slice(0, 12)} in Tasks`}
              >
                Tasks →
              </a>
            </td>
          </tr>
        ))}
      </tbody>
      {outhashes.size > 1 && (
        <caption className="an-note">
          {outhashes.size} different outhashes map to this unihash: equivalence was declared (report-equiv) or
          the output is not reproducible.
        </caption>
      )}
    </table>
  );
}
