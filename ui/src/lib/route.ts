// Hash routes, so any static server (and the desktop window) serves every screen from one
// index.html: #/overview, #/interviews, #/interviews/new, #/interviews/<id>?segment=<id>, #/trash, …

export type SectionId =
  | 'interviews'
  | 'highlights'
  | 'personas'
  | 'trees'
  | 'feedback'
  | 'notes'
  | 'participants'
  | 'tags'
  | 'insights';

/**
 * `overview`: the workspace's home; `snapshot`: one interview's printable summary page;
 * `workshops`: the list, one workshop (`#/workshops/ID`), its projector join screen
 * (`?view=join`), and the new-workshop dialog (`#/workshops/new`).
 */
export type ScreenId = SectionId | 'overview' | 'trash' | 'settings' | 'snapshot' | 'workshops';

export interface Route {
  screen: ScreenId;
  /** An object id, 'new', or null for the list alone. */
  id: string | null;
  params: Record<string, string>;
}

export const SECTION_IDS: readonly SectionId[] = [
  'interviews',
  'highlights',
  'personas',
  'trees',
  'feedback',
  'notes',
  'participants',
  'tags',
  'insights',
];

const SCREENS: readonly string[] = ['overview', ...SECTION_IDS, 'workshops', 'trash', 'settings', 'snapshot'];

/** The first screen: what the workspace holds and what to do next. */
export const DEFAULT_ROUTE: Route = { screen: 'overview', id: null, params: {} };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?', 2);
  const [screen, id] = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (!screen || !SCREENS.includes(screen)) return { ...DEFAULT_ROUTE };
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { screen: screen as ScreenId, id: id ?? null, params };
}

export function routeHref(screen: ScreenId, id: string | null = null, params: Record<string, string> = {}): string {
  let h = `#/${screen}`;
  if (id) h += `/${encodeURIComponent(id)}`;
  const q = new URLSearchParams(params).toString();
  return q ? `${h}?${q}` : h;
}
