import type { SectionId } from '../lib/route';
import type { SectionDef } from './section';
import { interviews } from './interviews/section';
import { highlights } from './highlights/section';
import { personas } from './personas/section';
import { trees } from './trees/section';
import { feedback } from './feedback/section';
import { notes } from './notes/section';
import { participants } from './participants/section';
import { tags } from './tags/section';
import { insights } from './insights/section';

/** Sidebar order: the research objects first, then the supporting ones. */
export const PRIMARY: SectionDef[] = [interviews, highlights, personas, trees, feedback, notes];
export const SECONDARY: SectionDef[] = [participants, tags, insights];

export const SECTIONS: Record<SectionId, SectionDef> = Object.fromEntries(
  [...PRIMARY, ...SECONDARY].map((s) => [s.id, s]),
) as Record<SectionId, SectionDef>;
