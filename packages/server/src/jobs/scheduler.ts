import type { Logger } from '../infra/logger.js';

export type Job = { name: string; everyMs: number; run: () => Promise<unknown> };

export type Scheduler = { start(): void; stop(): Promise<void> };

/**
 * Runs each job on an interval, never overlapping with itself, with a little jitter so several
 * processes do not fire together. Jobs must be safe to run concurrently from several processes.
 */
export function createScheduler(options: { jobs: Job[]; logger: Logger }): Scheduler {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = true;

  function schedule(job: Job): void {
    if (stopped) return;
    const delay = job.everyMs * (0.9 + Math.random() * 0.2);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = job
        .run()
        .then((result) => options.logger.debug({ job: job.name, result }, 'job done'))
        .catch((error: unknown) =>
          options.logger.error({ err: error, job: job.name }, 'job failed'),
        )
        .finally(() => {
          running.delete(run);
          schedule(job);
        });
      running.add(run);
    }, delay);
    timer.unref();
    timers.add(timer);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      for (const job of options.jobs) schedule(job);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}
