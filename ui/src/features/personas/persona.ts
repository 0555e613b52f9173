// What persona views share: the five statement kinds, generated initials, where a quote
// opens, and saving a file (the Markdown export).
import type { Highlight, StatementKind } from '../../lib/api';
import { routeHref } from '../../lib/route';

/** Statement kinds: heading (plural), one of them (for counts: "1 pain"), and what it means. */
export const KINDS: { kind: StatementKind; label: string; one: string; hint: string }[] = [
  { kind: 'goal', label: 'Goals', one: 'goal', hint: 'What they want to achieve' },
  { kind: 'pain', label: 'Pains', one: 'pain', hint: 'What gets in their way' },
  { kind: 'job', label: 'Jobs to be done', one: 'job to be done', hint: 'What they hire a product for' },
  { kind: 'behaviour', label: 'Behaviours', one: 'behaviour', hint: 'What they actually do' },
  { kind: 'quote', label: 'Quotes', one: 'quote', hint: 'In their own words' },
];

/** Up to two letters from a name: "Ops Olivia" → "OO", "grace" → "G". */
export function initials(name: string): string {
  const words = name.replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => w[0].toUpperCase()).join('') || '?';
}

/** A stable hue per name, so a persona keeps its colour. */
export function hue(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.codePointAt(0)!) % 360;
  return h;
}

/** Where a highlight opens: its place in the transcript, its note, or the highlight. */
export function sourceHref(h: Highlight): string {
  return h.interview_id
    ? routeHref('interviews', h.interview_id, h.segment_id ? { segment: h.segment_id } : {})
    : h.note_id
      ? routeHref('notes', h.note_id)
      : routeHref('highlights', h.id);
}

export function countsByKind(statements: { kind: StatementKind }[]): Record<StatementKind, number> {
  const out: Record<StatementKind, number> = { goal: 0, pain: 0, job: 0, behaviour: 0, quote: 0 };
  for (const s of statements) out[s.kind]++;
  return out;
}

/** Offer text as a file download (works in the browser and the desktop webview). */
export function download(name: string, text: string, type = 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function fileName(name: string, ext: string): string {
  return `${name.trim().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'persona'}.${ext}`;
}

/** Scale a picked image down to a small square-ish PNG data URL for the avatar. */
export async function avatarFromFile(file: File, size = 160): Promise<string> {
  if (!file.type.startsWith('image/')) throw new Error(`${file.name} is not an image`);
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const scale = Math.min(1, size / Math.max(img.width, img.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
