// Workspaces this browser or desktop window has seen, newest first, for the switcher.
const KEY = 'groundwork.recentWorkspaces';
const MAX = 8;

export function recentWorkspaces(storage: Pick<Storage, 'getItem'> = localStorage): string[] {
  try {
    const v: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberWorkspace(path: string, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): string[] {
  const list = [path, ...recentWorkspaces(storage).filter((p) => p !== path)].slice(0, MAX);
  try {
    storage.setItem(KEY, JSON.stringify(list));
  } catch {
    /* storage full or blocked: the list is only a convenience */
  }
  return list;
}

export function workspaceName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}
