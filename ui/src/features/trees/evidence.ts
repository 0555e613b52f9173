// What a node's badge says: how many evidence links it has and from how many distinct people.
import type { Evidence } from '../../lib/api';
import { plural } from '../../lib/format';

export interface EvidenceCount {
  links: number;
  /** Distinct participants behind the evidence, when the core has said. */
  participants: number | null;
}

export function evidenceCounts(evidence: ReadonlyMap<string, readonly Evidence[]>, participants: ReadonlyMap<string, number> = new Map()): Map<string, EvidenceCount> {
  const out = new Map<string, EvidenceCount>();
  for (const [id, list] of evidence) out.set(id, { links: list.length, participants: participants.get(id) ?? null });
  return out;
}

/** The badge text: "3 · 2 people", "1", or "" for none. */
export function badgeText(c: EvidenceCount | undefined): string {
  if (!c || c.links === 0) return '';
  if (c.participants == null) return String(c.links);
  return `${c.links} · ${plural(c.participants, 'person')}`;
}
