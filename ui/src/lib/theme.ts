// Light, dark or the system's choice, remembered in localStorage and applied as
// data-theme on <html>; with "system" the CSS follows prefers-color-scheme.
export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'groundwork.theme';

export function loadTheme(storage: Pick<Storage, 'getItem'> = localStorage): ThemeChoice {
  try {
    const v = storage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function saveTheme(choice: ThemeChoice, storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): void {
  try {
    if (choice === 'system') storage.removeItem(KEY);
    else storage.setItem(KEY, choice);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
