// Short messages at the bottom of the window, with at most one action (Undo of the change a
// toast announces, Redo of what it undid: see lib/undo.ts).
export type Tone = 'info' | 'success' | 'error';

export interface ToastAction {
  label: string;
  run: () => unknown;
}

export interface Toast {
  id: number;
  message: string;
  detail?: string;
  tone: Tone;
  action?: ToastAction;
}

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  push(message: string, opts: { tone?: Tone; detail?: string; action?: ToastAction; timeout?: number } = {}): number {
    const id = this.#next++;
    const tone = opts.tone ?? 'info';
    this.items = [...this.items.slice(-3), { id, message, detail: opts.detail, tone, action: opts.action }];
    const timeout = opts.timeout ?? (opts.action ? 10000 : tone === 'error' ? 12000 : 4000);
    if (timeout > 0) this.#timers.set(id, setTimeout(() => this.dismiss(id), timeout));
    return id;
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** Pause auto-dismissal while the pointer or focus is on the toasts. */
  hold(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  release(): void {
    for (const t of this.items) {
      if (!this.#timers.has(t.id)) this.#timers.set(t.id, setTimeout(() => this.dismiss(t.id), 5000));
    }
  }
}

export const toasts = new Toasts();
