/** `2026-11-20 10:12:13.123456` (hashserv) or ISO → `2026-11-20 10:12`; a dash when unknown. */
export function shortDate(created: string | null | undefined): string {
  if (!created) return '—';
  return created.replace('T', ' ').slice(0, 16);
}

/** `1234567` → `1,234,567` (fixed locale: figures must not change with the machine). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Share of a whole as a short percentage (`12.5%`, `<0.1%`, `0%`). */
export function percent(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return '0%';
  const p = (part / whole) * 100;
  return p < 0.1 ? '<0.1%' : `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}
