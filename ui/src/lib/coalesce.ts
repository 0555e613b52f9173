// Views that sum up the workspace (the overview, the feedback numbers) reload on every change.
// With a million documents one reload takes a second, and a burst of changes (an import's
// batches) queued one reload per change on the same two cores as everything else
// (BENCHMARKS.md, issue 19).

/**
 * `load`, run at most once at a time: calls made while it runs fold into one more run after
 * it ends, which sees every change made meanwhile.
 */
export function coalesced(load: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const done = () => {
      running = false;
      if (again) {
        again = false;
        run();
      }
    };
    load().then(done, done);
  };
  return run;
}
