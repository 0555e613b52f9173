// Words for what a backup holds and what restoring it would change, from kind counts.

export type Counts = { [kind in string]?: number };

/** The kinds a person counts, in the order they think of them. */
const KINDS: [string, string, string][] = [
  ['interview', 'interview', 'interviews'],
  ['note', 'note', 'notes'],
  ['highlight', 'highlight', 'highlights'],
  ['insight', 'insight', 'insights'],
  ['persona', 'persona', 'personas'],
  ['tree', 'tree', 'trees'],
  ['feedback', 'feedback item', 'feedback items'],
  ['participant', 'participant', 'participants'],
  ['tag', 'tag', 'tags'],
];

const words = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "12 interviews, 340 highlights, 2 trees", or "nothing yet". */
export function backupSummary(counts: Counts): string {
  const parts = KINDS.filter(([k]) => (counts[k] ?? 0) > 0).map(([k, one, many]) => words(counts[k] ?? 0, one, many));
  return parts.length ? parts.join(', ') : 'nothing yet';
}

/** What restoring would change, kind by kind: "3 interviews fewer", "1 tree more". */
export function countChanges(now: Counts, after: Counts): string[] {
  const out: string[] = [];
  for (const [k, one, many] of KINDS) {
    const d = (after[k] ?? 0) - (now[k] ?? 0);
    if (d < 0) out.push(`${words(-d, one, many)} fewer`);
    if (d > 0) out.push(`${words(d, one, many)} more`);
  }
  return out;
}
