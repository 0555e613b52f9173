// Card text that stays inside its card. The engine wraps titles by a character count (what
// fits at an average width); words of wide letters can still run past the card's edge, so the
// canvas re-wraps them by measured width into no more lines than the engine gave the card
// (its height), ending the last with "…" when the rest does not fit. Pure, tested.

/** Width of a string in pixels, as the canvas draws it. */
export type Measure = (text: string) => number;

/** Cut `text` to the longest start (at a word if it can) that fits `width` with "…" after it. */
export function ellipsize(text: string, width: number, measure: Measure): string {
  if (measure(text) <= width) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${chars.slice(0, mid).join('').trimEnd()}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  const head = chars.slice(0, lo).join('');
  const atWord = head.replace(/\s+\S*$/, '');
  return `${(atWord.length >= head.length / 2 ? atWord : head).trimEnd()}…`;
}

/**
 * `text` wrapped at spaces into lines no wider than `width`, at most `max` of them; a word
 * wider than a line is broken; text left over ends the last line with "…".
 */
export function fitLines(text: string, width: number, max: number, measure: Measure): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  let i = 0;
  while (i < words.length && lines.length < max) {
    const next = line ? `${line} ${words[i]}` : words[i];
    if (measure(next) <= width) {
      line = next;
      i++;
      continue;
    }
    if (line) {
      lines.push(line);
      line = '';
      continue;
    }
    // One word wider than a line: as much of it as fits, the rest on the next line.
    const chars = Array.from(words[i]);
    let n = 1;
    while (n < chars.length && measure(chars.slice(0, n + 1).join('')) <= width) n++;
    lines.push(chars.slice(0, n).join(''));
    words[i] = chars.slice(n).join('');
  }
  if (line && lines.length < max) {
    lines.push(line);
    line = '';
  }
  const rest = [line, ...words.slice(i)].filter(Boolean).join(' ');
  if (rest && lines.length) lines[lines.length - 1] = ellipsize(`${lines[lines.length - 1]} ${rest}`, width, measure);
  return lines;
}
