export interface Shortcut {
  keys: string[];
  label: string;
  /** The keys are alternatives (↑ or ↓), not a chord. */
  either?: boolean;
}

/** Every keyboard shortcut, for the help dialog and Settings. `Mod` is Ctrl, or ⌘ on a Mac. */
export const SHORTCUTS: Shortcut[] = [
  { keys: ['Mod', 'K'], label: 'Search everything' },
  { keys: ['Mod', 'I'], label: 'Import files' },
  { keys: ['Mod', 'Shift', 'E'], label: 'Export a research pack' },
  { keys: ['N'], label: 'New item in this section' },
  { keys: ['/'], label: 'Filter this list' },
  { keys: ['↑', '↓'], label: 'Move through a list; Enter opens', either: true },
  { keys: ['j', 'k'], label: 'Feedback inbox: next or previous item (as ↓ and ↑)', either: true },
  { keys: ['x'], label: 'Feedback inbox: select or unselect the item (Ctrl/⌘- or Shift-click too); Esc clears the selection' },
  { keys: ['r'], label: 'Feedback inbox: mark the selected items (or the one at the cursor) reviewed' },
  { keys: ['c'], label: 'Feedback inbox: close the selected items (or the one at the cursor)' },
  { keys: ['u'], label: 'Feedback inbox: mark the selected items (or the one at the cursor) new again' },
  { keys: ['t'], label: 'Feedback inbox: tag the selected items (or the one at the cursor) with tags from the codebook' },
  { keys: ['Shift', 'P'], label: 'Feedback inbox: paste an email or chat thread as one item (Ctrl/⌘+Enter saves it)' },
  { keys: ['Mod', 'S'], label: 'Save the open form' },
  { keys: ['Mod', 'Z'], label: 'Undo your last change of any kind (in a text field: its typing; in a tree: its last edit)' },
  { keys: ['Mod', 'Shift', 'Z'], label: 'Redo what was undone last' },
  { keys: ['Mod', 'Y'], label: 'Redo (as Mod+Shift+Z)' },
  { keys: ['Enter'], label: 'Tree outline: add the next item' },
  { keys: ['Tab'], label: 'Tree outline: indent (Shift+Tab: outdent)' },
  { keys: ['Alt', '↑/↓'], label: 'Tree outline: move an item up or down' },
  { keys: ['Alt', '←/→'], label: 'Tree outline: change the kind of an item' },
  { keys: ['Tab'], label: 'Tree canvas: next card, then its fold button; Enter selects a card, Enter or Space folds' },
  { keys: ['Alt', '1…9'], label: 'Go to a section of the sidebar' },
  { keys: ['↑', '↓'], label: 'Transcript: go to the previous or next passage', either: true },
  { keys: ['←', '→'], label: 'Transcript: go to the previous or next sentence', either: true },
  { keys: ['Shift', '←/→'], label: 'Transcript: select by sentence, also over passages' },
  { keys: ['Shift', '↑/↓'], label: 'Transcript: select by passage' },
  { keys: ['Enter'], label: 'Transcript: highlight the selection (or the sentence at the cursor); Esc clears it' },
  { keys: ['Enter'], label: 'In the highlight popover: add the tag typed; on an empty field, save' },
  { keys: ['Mod', 'Shift', 'H'], label: 'Highlight the selected words with the tags used last' },
  { keys: ['Mod', 'B'], label: 'In a Markdown field (notes): bold' },
  { keys: ['Mod', 'I'], label: 'In a Markdown field: italic (elsewhere it imports files)' },
  { keys: ['Mod', 'E'], label: 'In a Markdown field: inline code' },
  { keys: ['Mod', 'Shift', '8'], label: 'In a Markdown field: bulleted list' },
  { keys: ['Mod', 'Shift', '7'], label: 'In a Markdown field: numbered list' },
  { keys: ['Mod', 'Shift', '.'], label: 'In a Markdown field: quote' },
  { keys: ['?'], label: 'Show these shortcuts' },
  { keys: ['Esc'], label: 'Close a dialog' },
];

/**
 * Whether words are selected on the page. Single-letter shortcuts never fire then: a user who
 * selected words and starts typing means a tag, not "new interview".
 */
export function textSelected(doc: Pick<Document, 'getSelection'> | undefined = globalThis.document): boolean {
  const sel = doc?.getSelection();
  return !!sel && !sel.isCollapsed && sel.toString().trim() !== '';
}

/** Whether a key press happened while typing, where single-letter shortcuts must not fire. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return false;
}

/**
 * What a key press asks of the change log: Mod+Z undoes, Mod+Shift+Z and Mod+Y redo (Mod is
 * Ctrl, or ⌘ on a Mac). Null for any other key, and inside a text field or the Markdown
 * editor, whose own undo takes back typing one step at a time and must not be taken from it.
 */
export function undoKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'target'>): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || isTyping(e.target)) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}
