// "Tell them" helpers that need no engine: who is still to be told, and copying a drafted
// message where the clipboard API is missing or refused (an http:// page from `serve`, an
// older webview).
import type { TellPerson } from '../../lib/api';

/** The people not marked told yet, in the list's order: what "Select all not told" picks. */
export function notToldKeys(people: readonly Pick<TellPerson, 'key' | 'told_at'>[]): string[] {
  return people.filter((p) => !p.told_at).map((p) => p.key);
}

/** Copy text: the clipboard API first, else a selected off-screen textarea and the copy command. */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, not a secure page): fall through to the old way.
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.left = '-9999px';
  doc.body.append(area);
  const before = doc.activeElement as HTMLElement | null;
  area.focus();
  area.select();
  let ok: boolean;
  try {
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  before?.focus?.();
  return ok;
}

/** Where the "You said, we did" page lives: inside the feedback section, beside the inbox. */
export const YOU_SAID_ID = 'you-said-we-did';

export interface ShippedLike {
  title: string;
  description: string;
  shipped_at: string;
  customers: number;
  said: readonly { text: string; who: string }[];
}

/**
 * The page as plain text, to paste into a changelog, newsletter or status post: each change
 * with the (anonymous) quotes behind it. `date` formats the shipped date.
 */
export function youSaidText(changes: readonly ShippedLike[], date: (at: string) => string): string {
  return changes
    .map((c) => {
      const lines = [`You said:`];
      for (const s of c.said) lines.push(`  “${s.text}” — ${s.who}`);
      if (!c.said.length) lines.push(`  (${c.customers === 1 ? '1 customer' : `${c.customers} customers`} asked for it)`);
      lines.push(`We did: ${c.title} (${date(c.shipped_at)})`);
      if (c.description.trim()) lines.push(`  ${c.description.trim()}`);
      return lines.join('\n');
    })
    .join('\n\n');
}
