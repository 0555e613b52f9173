import { app } from './app.svelte';
import { parseRoute, routeHref, type Route, type ScreenId } from './route';

// The current screen, from location.hash. Leaving an editor with unsaved changes asks
// first, also for the browser's back button (the hash is put back when the answer is no).
class Router {
  current = $state<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));
  #hash = typeof location === 'undefined' ? '' : location.hash;
  #restoring = false;

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('hashchange', async () => {
      if (this.#restoring) {
        this.#restoring = false;
        return;
      }
      const next = location.hash;
      if (!(await app.mayLeave())) {
        this.#restoring = true;
        location.hash = this.#hash;
        return;
      }
      this.#hash = next;
      this.current = parseRoute(next);
    });
  }

  async go(screen: ScreenId, id: string | null = null, params: Record<string, string> = {}): Promise<void> {
    const href = routeHref(screen, id, params);
    if (!(await app.mayLeave())) return;
    app.leaveGuard = null;
    this.#hash = href;
    if (location.hash !== href) {
      this.#restoring = true;
      location.hash = href;
    }
    this.current = parseRoute(href);
  }

  /** Replace the route without asking (after saving or deleting). */
  replace(screen: ScreenId, id: string | null = null, params: Record<string, string> = {}): void {
    app.leaveGuard = null;
    const href = routeHref(screen, id, params);
    this.#hash = href;
    history.replaceState(null, '', href);
    this.current = parseRoute(href);
  }
}

export const router = new Router();
