import type { Logger } from '../infra/logger.js';

/** `signal` aborts when the scheduler stops, so a long run can end early instead of delaying shutdown. */
export type Job = { name: string; everyMs: number; run: (signal: AbortSignal) => Promise<unknown> };

export type Scheduler = {
  start(): void;
  stop(): Promise<void>;
  /** Runs a job now instead of at its next tick (after its current run, if one is going). */
  wake(name: string): void;
};

/**
 * Runs each job on an interval, never overlapping with itself, with a little jitter so several
 * processes do not fire together. Jobs must be safe to run concurrently from several processes.
 */
export function createScheduler(options: { jobs: Job[]; logger: Logger }): Scheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<unknown>>();
  const wakeRequested = new Set<string>();
  let abort = new AbortController();
  let stopped = true;

  function run(job: Job): void {
    const promise = job
      .run(abort.signal)
      .then((result) => options.logger.debug({ job: job.name, result }, 'job done'))
      .catch((error: unknown) => options.logger.error({ err: error, job: job.name }, 'job failed'))
      .finally(() => {
        running.delete(job.name);
        const again = wakeRequested.delete(job.name);
        schedule(job, again ? 0 : undefined);
      });
    running.set(job.name, promise);
  }

  function schedule(job: Job, delayMs?: number): void {
    if (stopped) return;
    const delay = delayMs ?? job.everyMs * (0.9 + Math.random() * 0.2);
    const timer = setTimeout(() => {
      timers.delete(job.name);
      run(job);
    }, delay);
    timer.unref();
    timers.set(job.name, timer);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      abort = new AbortController();
      for (const job of options.jobs) schedule(job);
    },
    async stop() {
      stopped = true;
      abort.abort();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running.values()]);
    },
    wake(name) {
      const job = options.jobs.find((j) => j.name === name);
      if (stopped || !job) return;
      if (running.has(name)) {
        // The run going now may have looked before the change that woke us; look once more.
        wakeRequested.add(name);
        return;
      }
      const timer = timers.get(name);
      if (timer) clearTimeout(timer);
      timers.delete(name);
      schedule(job, 0);
    },
  };
}
