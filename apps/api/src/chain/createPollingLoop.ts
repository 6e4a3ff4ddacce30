/** A job run now and again every interval until stopped. */
export type PollingLoop = {
  /** Runs the job at once, then `intervalMs` after each run ends; a second start does nothing. */
  start(): void;
  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void>;
};

export type PollingLoopOptions = {
  /** The job; a rejection goes to `onError` and the loop carries on. */
  run: () => Promise<unknown>;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  /** Told of a failed run (log it: the next run is the retry). */
  onError: (error: unknown) => void;
};

/**
 * The chain services' poll: run, wait, run again. Runs never overlap, because the next one is
 * scheduled only when the last has ended, however long it took.
 *
 * @param options - the job, the interval and the error handler.
 * @returns `{ start, stop }`.
 * @example
 * const loop = createPollingLoop({ run: syncOnce, intervalMs: 1000, onError: (err) => logger.error({ err }) });
 * loop.start();
 */
export function createPollingLoop(options: PollingLoopOptions): PollingLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function tick() {
    running = options
      .run()
      .then(
        () => undefined,
        (error: unknown) => options.onError(error),
      )
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
