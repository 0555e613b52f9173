import { describe, expect, it } from 'vitest';
import { recentWorkspaces, rememberWorkspace, workspaceName } from '../features/workspace/recent';
import { applyTheme, loadTheme, saveTheme } from './theme';

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

describe('theme', () => {
  it('is remembered, and "system" leaves it to the OS', () => {
    const s = memory();
    expect(loadTheme(s)).toBe('system');
    saveTheme('dark', s);
    expect(loadTheme(s)).toBe('dark');
    saveTheme('system', s);
    expect(loadTheme(s)).toBe('system');
    s.setItem('groundwork.theme', 'neon');
    expect(loadTheme(s)).toBe('system');
  });

  it('sets data-theme on the root only for an explicit choice', () => {
    const root = document.createElement('html');
    applyTheme('light', root);
    expect(root.dataset.theme).toBe('light');
    applyTheme('system', root);
    expect(root.dataset.theme).toBeUndefined();
  });
});

describe('recent workspaces', () => {
  it('keeps the newest first, once each, at most eight', () => {
    const s = memory();
    for (let i = 0; i < 10; i++) rememberWorkspace(`/w/${i}`, s);
    rememberWorkspace('/w/3', s);
    const list = recentWorkspaces(s);
    expect(list[0]).toBe('/w/3');
    expect(list).toHaveLength(8);
    expect(new Set(list).size).toBe(8);
    s.setItem('groundwork.recentWorkspaces', '{broken');
    expect(recentWorkspaces(s)).toEqual([]);
  });

  it('names a workspace by its folder', () => {
    expect(workspaceName('/home/pm/.local/share/Groundwork/workspaces/default')).toBe('default');
    expect(workspaceName('C:\\Users\\pm\\Research\\')).toBe('Research');
  });
});
