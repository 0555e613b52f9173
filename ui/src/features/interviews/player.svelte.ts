// The interview's recording player, when one is showing: the transcript seeks it when a
// passage's time is clicked.
class PlayerState {
  el = $state<HTMLMediaElement | null>(null);

  /** Jump to `ms` and play; false when there is no player. */
  seek(ms: number): boolean {
    const el = this.el;
    if (!el) return false;
    el.currentTime = ms / 1000;
    void el.play().catch(() => {
      /* autoplay refused: the position is set, the user presses play */
    });
    return true;
  }
}

export const player = new PlayerState();
