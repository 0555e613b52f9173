// Deciding between nodes: scores, sibling comparison, ICE order, and the canvas filters.
import type { Evidence, NodeStatus, TreeNode } from '../../lib/api';

type Scored = Pick<TreeNode, 'kind' | 'details'> & { score?: number | null };

const n = (v: unknown) => (typeof v === 'number' ? v : null);

/** Frequency × severity × reach (opportunities) or impact × confidence × ease (solutions), once all three are set. */
export function scoreOf(node: Scored): number | null {
  if (node.score !== undefined) return node.score;
  const d = node.details as Record<string, unknown>;
  const parts = node.kind === 'opportunity' ? [d.frequency, d.severity, d.reach] : node.kind === 'solution' ? [d.impact, d.confidence, d.ease] : [];
  const nums = parts.map(n);
  return nums.length && nums.every((x) => x !== null) ? nums.reduce((a, b) => a! * b!, 1) : null;
}

/** Highest score first; unscored last, in their current order. */
export function byScore<T extends Scored & { position: number }>(nodes: readonly T[]): T[] {
  return [...nodes].sort((a, b) => (scoreOf(b) ?? -1) - (scoreOf(a) ?? -1) || a.position - b.position);
}

export interface PersonaFacts {
  id: string;
  participant_ids: readonly string[];
}

/**
 * Whether a node's evidence speaks for a persona: the persona itself is linked, or a linked
 * highlight (or interview) came from one of its participants.
 */
export function speaksFor(
  evidence: readonly Evidence[],
  persona: PersonaFacts,
  participantOf: ReadonlyMap<string, string | null>,
): boolean {
  const people = new Set(persona.participant_ids);
  return evidence.some((e) => {
    if (e.to.kind === 'persona') return e.to.id === persona.id;
    const p = participantOf.get(`${e.to.kind}:${e.to.id}`);
    return !!p && people.has(p);
  });
}

export interface Filter {
  status: NodeStatus | '';
  persona: PersonaFacts | null;
}

/** The nodes a filter leaves out (drawn faded); none when no filter is set. */
export function filteredOut(
  nodes: readonly TreeNode[],
  evidence: ReadonlyMap<string, readonly Evidence[]>,
  filter: Filter,
  participantOf: ReadonlyMap<string, string | null>,
): Set<string> {
  const out = new Set<string>();
  if (!filter.status && !filter.persona) return out;
  for (const node of nodes) {
    const statusOk = !filter.status || node.status === filter.status;
    const personaOk = !filter.persona || speaksFor(evidence.get(node.id) ?? [], filter.persona, participantOf);
    if (!statusOk || !personaOk) out.add(node.id);
  }
  return out;
}
