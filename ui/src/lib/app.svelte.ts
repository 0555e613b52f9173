// What the whole window shares: the workspace, live counts, which overlays are open. Views
// reload what changed through `live` (./live.svelte.ts).
import * as api from './api';
import { live } from './live.svelte';
import { loadTheme, applyTheme, saveTheme, type ThemeChoice } from './theme';
import { toasts } from './toasts.svelte';

class AppState {
  workspace = $state<api.WorkspaceInfo | null>(null);
  stats = $state<api.Stats | null>(null);
  /** Why the workspace could not be reached at start, if it could not. */
  fatal = $state<api.ErrorText | null>(null);
  /** Its code: a damaged database (`storage`) can still be restored from a backup. */
  fatalCode = $state<string | null>(null);
  paletteOpen = $state(false);
  importOpen = $state(false);
  shortcutsOpen = $state(false);
  /** The "Export research pack" dialog. */
  packOpen = $state(false);
  /** Files dropped on the window, handed to the import dialog. */
  dropped = $state<File[]>([]);
  droppedPaths = $state<string[]>([]);
  theme = $state<ThemeChoice>('system');
  /** Set by an editor with unsaved changes; asked before navigating away. */
  leaveGuard: (() => Promise<boolean>) | null = null;

  async init(): Promise<void> {
    this.theme = loadTheme();
    applyTheme(this.theme);
    try {
      const [info, stats] = await Promise.all([api.workspaceInfo(), api.stats()]);
      this.workspace = info;
      this.stats = stats;
      this.fatal = null;
      this.fatalCode = null;
    } catch (e) {
      this.fatal = api.describeError(e);
      this.fatalCode = api.toApiError(e).code;
    }
  }

  setTheme(choice: ThemeChoice): void {
    this.theme = choice;
    saveTheme(choice);
    applyTheme(choice);
  }

  count(kind: api.ObjectKind): number | null {
    return this.stats?.counts[kind] ?? null;
  }

  async refreshStats(): Promise<void> {
    try {
      this.stats = await api.stats();
    } catch {
      /* counts stay as they were; the next change retries */
    }
  }

  /**
   * This window changed something. Views hear of it from the live updates (as they hear of
   * every other window's changes); the counts refresh at once. Without live updates (the
   * stream is down and reconnecting) everything reloads instead.
   */
  changed(): void {
    if (!live.connected) live.everything();
    void this.refreshStats();
  }

  #statsTimer: ReturnType<typeof setTimeout> | null = null;

  /** Follow the workspace's changes: views reload what they touched, the counts refresh. */
  follow(): void {
    live.start(() => {
      // A burst of changes (an import job) refreshes the counts once.
      if (this.#statsTimer !== null) return;
      this.#statsTimer = setTimeout(() => {
        this.#statsTimer = null;
        void this.refreshStats();
      }, 100);
    });
  }

  /** Show an error as a toast with wording chosen by its code. */
  error(e: unknown, context?: string): void {
    const err = api.toApiError(e);
    if (err.code === 'unauthorized') {
      // The server was restarted (new token) or the cookie is gone: nothing here works until
      // the user opens the new link, so say that instead of failing every click.
      this.fatal = api.describeError(err);
      return;
    }
    const { title, detail } = api.describeError(err);
    toasts.push(context ? `${context}: ${title}` : title, { tone: 'error', detail });
  }

  async mayLeave(): Promise<boolean> {
    return this.leaveGuard ? this.leaveGuard() : true;
  }
}

export const app = new AppState();
