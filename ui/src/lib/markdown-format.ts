// Markdown formatting for a plain textarea: given the text and the selection, return the
// text with one format applied (or removed, when it is already there) and the selection to
// restore. Pure, so the editor component stays thin and the rules are unit-tested.

export type FormatKind = 'bold' | 'italic' | 'code' | 'heading' | 'bullet' | 'numbered' | 'quote' | 'link';

export interface Formatted {
  text: string;
  selStart: number;
  selEnd: number;
}

const WRAP: Partial<Record<FormatKind, string>> = { bold: '**', italic: '_', code: '`' };

export function applyFormat(text: string, selStart: number, selEnd: number, kind: FormatKind): Formatted {
  let a = Math.max(0, Math.min(selStart, selEnd, text.length));
  let b = Math.min(text.length, Math.max(selStart, selEnd));
  // A double-clicked word often carries its trailing space; format the words, not the space.
  if (b > a && text.slice(a, b).trim() !== '') {
    while (/\s/.test(text[a])) a++;
    while (/\s/.test(text[b - 1])) b--;
  }
  const marker = WRAP[kind];
  if (marker) return wrap(text, a, b, marker);
  if (kind === 'link') return link(text, a, b);
  return prefixLines(text, a, b, kind);
}

function wrap(text: string, a: number, b: number, m: string): Formatted {
  const sel = text.slice(a, b);
  const n = m.length;
  // The selection includes the markers: **word** selected → word.
  if (sel.length >= 2 * n && sel.startsWith(m) && sel.endsWith(m)) {
    const inner = sel.slice(n, sel.length - n);
    return { text: text.slice(0, a) + inner + text.slice(b), selStart: a, selEnd: a + inner.length };
  }
  // The markers sit just outside the selection: **[word]** → word.
  if (text.slice(Math.max(0, a - n), a) === m && text.slice(b, b + n) === m && a - n >= 0) {
    return { text: text.slice(0, a - n) + sel + text.slice(b + n), selStart: a - n, selEnd: b - n };
  }
  return { text: text.slice(0, a) + m + sel + m + text.slice(b), selStart: a + n, selEnd: b + n };
}

function link(text: string, a: number, b: number): Formatted {
  const sel = text.slice(a, b);
  const whole = /^\[([^\]\n]*)\]\([^)\n]*\)$/.exec(sel);
  if (whole) {
    const label = whole[1];
    return { text: text.slice(0, a) + label + text.slice(b), selStart: a, selEnd: a + label.length };
  }
  // [word](url) with only "word" selected → word.
  const tail = /^\]\([^)\n]*\)/.exec(text.slice(b));
  if (a > 0 && text[a - 1] === '[' && tail && !sel.includes(']')) {
    return { text: text.slice(0, a - 1) + sel + text.slice(b + tail[0].length), selStart: a - 1, selEnd: b - 1 };
  }
  const label = sel || 'link';
  const inserted = `[${label}](url)`;
  const urlStart = a + label.length + 3;
  return { text: text.slice(0, a) + inserted + text.slice(b), selStart: urlStart, selEnd: urlStart + 3 };
}

interface LineRule {
  /** The prefix already there (matched at the line start), if any. */
  present: RegExp;
  /** Prefixes of other kinds that this one replaces (a bullet becomes a number). */
  replaces?: RegExp;
  make: (i: number) => string;
}

const LINE: Record<'heading' | 'bullet' | 'numbered' | 'quote', LineRule> = {
  heading: { present: /^## /, replaces: /^#{1,6} /, make: () => '## ' },
  bullet: { present: /^[-*+] /, replaces: /^\d+[.)] /, make: () => '- ' },
  numbered: { present: /^\d+[.)] /, replaces: /^[-*+] /, make: (i) => `${i + 1}. ` },
  quote: { present: /^> ?/, make: () => '> ' },
};

function prefixLines(text: string, a: number, b: number, kind: FormatKind): Formatted {
  const rule = LINE[kind as keyof typeof LINE];
  const start = text.lastIndexOf('\n', a - 1) + 1;
  // A selection that ends at the start of a line does not take that line in.
  const endFrom = b > a && text[b - 1] === '\n' ? b - 1 : b;
  let end = text.indexOf('\n', endFrom);
  if (end === -1) end = text.length;
  const lines = text.slice(start, end).split('\n');
  const content = lines.filter((l) => l.trim() !== '');
  const remove = content.length > 0 && content.every((l) => rule.present.test(l));

  let n = 0;
  const changes = lines.map((line) => {
    if (content.length && line.trim() === '') return { removed: 0, added: '' };
    if (remove) return { removed: rule.present.exec(line)![0].length, added: '' };
    const old = rule.present.exec(line) ?? rule.replaces?.exec(line);
    return { removed: old ? old[0].length : 0, added: rule.make(n++) };
  });
  const out = lines.map((line, i) => changes[i].added + line.slice(changes[i].removed));

  // Map a position in line i, column c, through that line's change.
  const lineStarts: number[] = [];
  let acc = start;
  for (const l of out) {
    lineStarts.push(acc);
    acc += l.length + 1;
  }
  const map = (pos: number) => {
    let i = 0;
    let from = start;
    while (i < lines.length - 1 && pos > from + lines[i].length) {
      from += lines[i].length + 1;
      i++;
    }
    const col = pos - from;
    const { removed, added } = changes[i];
    return lineStarts[i] + (col < removed ? 0 : col - removed) + added.length;
  };
  const newText = text.slice(0, start) + out.join('\n') + text.slice(end);
  if (a === b) {
    const p = map(a);
    return { text: newText, selStart: p, selEnd: p };
  }
  // A selection from a line's start keeps the new prefix in it.
  return { text: newText, selStart: a === start ? start : map(a), selEnd: map(b) };
}
