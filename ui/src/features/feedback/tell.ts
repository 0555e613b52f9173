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
  let ok = false;
  try {
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  before?.focus?.();
  return ok;
}
