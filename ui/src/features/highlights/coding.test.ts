import { describe, expect, it } from 'vitest';
import type { Tag } from '../../lib/api';
import { codebookRows, descendants } from '../tags/codebook';
import { bars, domPoint, findQuote, highlightTarget, liveTags, loadLastTags, rangeAt, saveLastTags, selectionIn, tagChoices, transcriptPoint } from './coding';

function tag(id: string, name: string, parent: string | null = null, usage = 0, path = name): Tag {
  return {
    id,
    name,
    parent_id: parent,
    color: '',
    description: '',
    path,
    usage_count: usage,
    total_count: usage,
    created_at: '',
    updated_at: '',
  };
}

const TAGS = [
  tag('p', 'Pain'),
  tag('b', 'Billing', 'p', 5, 'Pain / Billing'),
  tag('o', 'Onboarding', null, 9),
  tag('x', 'Export', 'b', 1, 'Pain / Billing / Export'),
];

describe('tag type-ahead', () => {
  it('finds tags by any words of their path, names starting with the text first', () => {
    expect(tagChoices(TAGS, 'bil', []).map((c) => c.label)).toEqual(['Pain / Billing', 'Pain / Billing / Export', 'Create tag “bil”']);
    expect(tagChoices(TAGS, 'pain exp', []).map((c) => c.tag?.id ?? 'create')).toEqual(['x', 'create']);
  });

  it('offers to create a tag unless one has exactly that name, and leaves out chosen ones', () => {
    expect(tagChoices(TAGS, 'billing', []).some((c) => c.tag === null)).toBe(false);
    expect(tagChoices(TAGS, 'Pricing', [])).toEqual([{ tag: null, label: 'Create tag “Pricing”', name: 'Pricing' }]);
    expect(tagChoices(TAGS, 'billing', ['b']).map((c) => c.tag?.id)).toEqual(['x']);
    // "/" nests by parent, so it is never offered as a new name.
    expect(tagChoices(TAGS, 'a/b', []).length).toBe(0);
  });

  it('lists every tag, most used first, when nothing is typed', () => {
    expect(tagChoices(TAGS, '', []).map((c) => c.tag?.id)).toEqual(['o', 'b', 'x', 'p']);
  });
});

describe('repeat last tags', () => {
  it('remembers the last tags and forgets the ones since deleted', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(loadLastTags(storage)).toEqual([]);
    saveLastTags(['b', 'gone'], storage);
    expect(liveTags(loadLastTags(storage), TAGS)).toEqual(['b']);
    store.set('groundwork.coding.lastTags', '{not json');
    expect(loadLastTags(storage)).toEqual([]);
  });
});

describe('where a highlight opens', () => {
  it('opens a transcript highlight at its passage and time, marked', () => {
    expect(highlightTarget({ id: 'h', interview_id: 'i', note_id: null, segment_id: 's', start_ms: 61000 })).toEqual({
      screen: 'interviews',
      id: 'i',
      params: { hl: 'h', segment: 's', t: '61000' },
    });
    expect(highlightTarget({ id: 'h', interview_id: null, note_id: 'n', segment_id: null, start_ms: null })).toEqual({
      screen: 'notes',
      id: 'n',
      params: { hl: 'h' },
    });
  });

  it('opens a feedback quote on its item, marked', () => {
    expect(highlightTarget({ id: 'h', interview_id: null, note_id: null, feedback_id: 'f', segment_id: null, start_ms: null })).toEqual({
      screen: 'feedback',
      id: 'f',
      params: { hl: 'h' },
    });
  });
});

describe('selection offsets', () => {
  it('counts characters from the start of the marked element, not UTF-16 units', () => {
    document.body.innerHTML = '<div id="root"><p data-hl-text>😀 Hello <mark>big</mark> world</p></div>';
    const p = document.querySelector('p')!;
    const sel = window.getSelection()!;
    const range = document.createRange();
    // " big world" from the space before "big": leading blanks are trimmed off.
    range.setStart(p.firstChild!, 8);
    range.setEnd(p.lastChild!, 6);
    sel.removeAllRanges();
    sel.addRange(range);
    const found = selectionIn(document.getElementById('root')!, sel);
    expect(found?.quote).toBe('big world');
    expect(found?.start).toBe(8);
  });

  it('refuses a selection across two passages', () => {
    document.body.innerHTML = '<div id="root"><p data-hl-text>one</p><p data-hl-text>two</p></div>';
    const [a, b] = document.querySelectorAll('p');
    const range = document.createRange();
    range.setStart(a.firstChild!, 1);
    range.setEnd(b.firstChild!, 2);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    expect(selectionIn(document.getElementById('root')!, sel)).toBeNull();
  });
});

describe('codebook tree', () => {
  it('reads depth-first with siblings by name, and knows what is below a tag', () => {
    expect(codebookRows(TAGS).map((r) => `${r.depth}:${r.tag.name}`)).toEqual(['0:Onboarding', '0:Pain', '1:Billing', '2:Export']);
    expect([...descendants(TAGS, 'p')].sort()).toEqual(['b', 'x']);
    expect(descendants(TAGS, 'x').size).toBe(0);
  });

  it('scales chart bars to the largest count', () => {
    expect(bars([{ count: 4 }, { count: 1 }]).map((b) => b.share)).toEqual([1, 0.25]);
  });
});

describe('quotes in rendered notes', () => {
  it('finds the occurrence nearest to where the highlight was', () => {
    expect(findQuote('a b a b a', 'a', 5)).toBe(4);
    expect(findQuote('😀 x', 'x', 0)).toBe(2);
    expect(findQuote('abc', 'z', 0)).toBeNull();
  });

  it('turns character offsets into a DOM range across elements', () => {
    document.body.innerHTML = '<div id="n"><h1>😀 Title</h1><p>Some <b>bold</b> text</p></div>';
    const r = rangeAt(document.getElementById('n')!, 3, 16)!;
    expect(r.toString()).toBe('itleSome bold');
    expect(rangeAt(document.getElementById('n')!, 0, 999)).toBeNull();
  });
});

describe('selections over transcript passages', () => {
  // As the transcript renders them: speaker and time, then the words (with marks inside).
  const render = () => {
    document.body.innerHTML = `<h2 id="before">Transcript</h2><ol id="root">
      <li data-index="0"><div class="who"><span>Ann</span><span>0:01</span></div><p data-hl-text>So we <mark>started</mark> it.</p></li>
      <li data-index="1"><div class="who"><span>Ann</span><span>0:03</span></div><p data-hl-text>Volunteers 😀 suffer</p></li>
      <li data-index="2"><div class="who"><span>Ann</span><span>0:05</span></div><p data-hl-text>a lot.</p></li>
    </ol><p id="after">End</p>`;
    return document.getElementById('root')!;
  };
  const lengths = [17, 19, 6];
  const text = (i: number) => document.querySelectorAll('[data-hl-text]')[i];

  it('places a boundary inside words, counting characters across marks', () => {
    const root = render();
    const mark = root.querySelector('mark')!;
    expect(transcriptPoint(root, mark.firstChild!, 3, 'start', lengths)).toEqual({ index: 0, offset: 9 });
    const emoji = text(1).firstChild!;
    // "Volunteers 😀" is 12 characters but 13 UTF-16 units.
    expect(transcriptPoint(root, emoji, 13, 'end', lengths)).toEqual({ index: 1, offset: 12 });
  });

  it('takes the speaker column as the start of its passage or the end of the one before', () => {
    const root = render();
    const who = root.querySelectorAll('.who span')[2].firstChild!; // "Ann" of passage 1
    expect(transcriptPoint(root, who, 1, 'start', lengths)).toEqual({ index: 1, offset: 0 });
    expect(transcriptPoint(root, who, 1, 'end', lengths)).toEqual({ index: 0, offset: 17 });
    // Passage 0's speaker: nothing of the transcript before it.
    expect(transcriptPoint(root, root.querySelector('.who span')!.firstChild!, 0, 'end', lengths)).toBeNull();
    // Between passages (the list itself as the container).
    expect(transcriptPoint(root, root, 3, 'start', lengths)).toEqual({ index: 1, offset: 0 });
  });

  it('clamps a boundary outside the list to its start or end', () => {
    const root = render();
    const before = document.getElementById('before')!.firstChild!;
    const after = document.getElementById('after')!.firstChild!;
    expect(transcriptPoint(root, before, 2, 'start', lengths)).toEqual({ index: 0, offset: 0 });
    expect(transcriptPoint(root, after, 1, 'end', lengths)).toEqual({ index: 2, offset: 6 });
    expect(transcriptPoint(root, after, 1, 'start', lengths)).toBeNull();
    expect(transcriptPoint(root, before, 0, 'end', lengths)).toBeNull();
  });

  it('finds the DOM place of a character, and the end past the text', () => {
    render();
    const p = domPoint(text(0), 8);
    expect(p.node.textContent).toBe('started');
    expect(p.offset).toBe(2);
    const e = domPoint(text(1), 12);
    expect(e.offset).toBe(13);
    expect(domPoint(text(2), 99)).toEqual({ node: text(2).firstChild, offset: 6 });
  });
});
