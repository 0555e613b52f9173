// Lists that hear of one object twice. A view that adds what its own request answered (an
// attachment uploaded, a highlight saved, a node made) also reloads when the live updates
// report that very change; on a busy machine the reload can land first. Adding by id keeps
// one copy either way: a keyed {#each} throws on two rows with one key.

/**
 * `list` with `added` put in by id: an object already listed is replaced where it stands
 * (by the copy just answered), a new one goes at the end, once.
 */
export function upsertById<T extends { id: string }>(list: readonly T[], added: readonly T[]): T[] {
  const fresh = new Map<string, T>();
  for (const a of added) fresh.set(a.id, a);
  const out = list.map((o) => {
    const a = fresh.get(o.id);
    if (!a) return o;
    fresh.delete(o.id);
    return a;
  });
  return [...out, ...fresh.values()];
}
