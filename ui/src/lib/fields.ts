// Conversions between what form inputs hold (always strings) and what the API takes.

/** RFC 3339 → the value of an <input type="datetime-local"> in local time. */
export function toLocalDateTime(rfc: string | null): string {
  if (!rfc) return '';
  const d = new Date(rfc);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A datetime-local value → RFC 3339 in UTC, or null when empty; unparseable text is kept so the engine names it. */
export function fromLocalDateTime(v: string): string | null {
  if (!v.trim()) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** '' → null; anything else as typed (the engine checks the date). */
export function emptyToNull(v: string): string | null {
  return v.trim() === '' ? null : v;
}

/** '' → null; a number; unparseable text stays NaN-free as null would lose it, so keep the string out. */
export function toNumberOrNull(v: string): number | null {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
