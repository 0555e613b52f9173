// Live updates (ARCHITECTURE.md §3, step 7): every change committed to the workspace — from
// this window, another window, a browser on `groundwork serve`, the command line — arrives
// here from the transport, and views reload only what shows the objects it touched. A view
// reads `live.kinds(…)` or `live.object(id)` inside an effect, and runs again when those move.
import { SvelteMap } from 'svelte/reactivity';
import * as api from './api';

class Live {
  /** Per object kind, per object id: how many changes touched one. */
  #kinds = new SvelteMap<string, number>();
  #objects = new SvelteMap<string, number>();
  /** Bumped when changes may have been missed: everything reloads. */
  #everything = $state(0);
  /** The newest change heard. */
  latest = $state.raw<api.Change | null>(null);
  /** Whether changes are arriving; while not, our own writes reload everything. */
  connected = $state(false);
  #stop: (() => void) | null = null;
  #onChange: (change: api.Change) => void = () => {};

  /** Start following the workspace's changes; `onChange` runs once per change heard. */
  start(onChange: (change: api.Change) => void = () => {}): void {
    this.stop();
    this.#onChange = onChange;
    this.#stop = api.followChanges({
      change: (c) => this.heard(c),
      resync: () => this.everything(),
      connected: (on) => (this.connected = on),
    });
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.connected = false;
  }

  heard(change: api.Change): void {
    for (const kind of new Set(change.objects.map((o) => o.kind))) this.#kinds.set(kind, (this.#kinds.get(kind) ?? 0) + 1);
    for (const o of change.objects) this.#objects.set(o.id, (this.#objects.get(o.id) ?? 0) + 1);
    this.latest = change;
    this.#onChange(change);
  }

  /** Anything may have changed (a restore, a workspace switch, a dropped stream). */
  everything(): void {
    this.#everything++;
  }

  /** Moves when a change touches an object of any of these kinds. */
  kinds(...kinds: api.ObjectKind[]): number {
    let n = this.#everything;
    for (const k of kinds) n += this.#kinds.get(k) ?? 0;
    return n;
  }

  /** Moves when a change touches this object. */
  object(id: string): number {
    return this.#everything + (this.#objects.get(id) ?? 0);
  }

  /** Moves on every change (views that sum up everything: the overview, the trash). */
  any(): number {
    return this.#everything + (this.latest?.seq ?? 0);
  }
}

export const live = new Live();
