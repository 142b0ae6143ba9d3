import type { Logger } from '../infra/logger.js';

/**
 * `signal` aborts when the scheduler stops, so a long run can end early instead of delaying
 * shutdown. `everyMs` null: the job runs only when asked (`runNow`), never on a timer.
 */
export type Job = {
  name: string;
  everyMs: number | null;
  run: (signal: AbortSignal) => Promise<unknown>;
};

/** Who started a run: the timer, or an operator (portal action or operator script). */
export type JobTrigger = { kind: 'schedule' } | { kind: 'manual'; by: string };

/** One finished run, as the admin portal shows it. */
export type JobRunRecord = {
  name: string;
  trigger: 'schedule' | 'manual';
  /** The staff member or operator who asked for a manual run. */
  by: string | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: 'succeeded' | 'failed';
  /** The job's own summary (counts), cut to a small JSON text. */
  result: string | null;
  /** The error message of a failed run (no stack, no data). */
  error: string | null;
};

/**
 * Where runs are recorded (jobs/job-status.ts keeps them in Redis). A failure to record is logged
 * at debug only: the one-second jobs would write several warnings a second while Redis is down,
 * which the connection's own error log and `/ready` already report.
 */
export type JobRecorder = {
  started(run: { name: string; trigger: JobTrigger; startedAt: Date }): Promise<void>;
  finished(record: JobRunRecord): Promise<void>;
};

export type Scheduler = {
  start(): void;
  stop(): Promise<void>;
  /** Runs a job now instead of at its next tick (after its current run, if one is going). */
  wake(name: string): void;
  /**
   * Runs a job now, in this process, and resolves with its record when it ends: after the run
   * going on (never two at once here), whether or not the timers are started (an API-only
   * process can run a job on request). Undefined for a job it does not know.
   */
  runNow(name: string, trigger: JobTrigger): Promise<JobRunRecord> | undefined;
  /** The jobs and their intervals, as configured. */
  jobs(): { name: string; everyMs: number | null }[];
};

/** Longest a job's first run waits after start: an hourly job need not wait an hour to run. */
export const FIRST_RUN_MAX_MS = 60_000;
const RESULT_MAX_CHARS = 500;

function summary(result: unknown): string | null {
  if (result === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(result) ?? String(result);
  } catch {
    text = String(result);
  }
  return text.length > RESULT_MAX_CHARS ? `${text.slice(0, RESULT_MAX_CHARS - 1)}…` : text;
}

/**
 * Runs each job on an interval, never overlapping with itself, with a little jitter so several
 * processes do not fire together. Jobs must be safe to run concurrently from several processes.
 * Every run (timed or asked for) is logged and handed to the recorder with its duration and
 * outcome.
 */
export function createScheduler(options: {
  jobs: Job[];
  logger: Logger;
  recorder?: JobRecorder;
  /** Longest wait for a job's first run after `start` (default FIRST_RUN_MAX_MS). */
  firstRunMaxMs?: number;
}): Scheduler {
  const { logger, recorder } = options;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<JobRunRecord>>();
  const wakeRequested = new Set<string>();
  let abort = new AbortController();
  let stopped = true;

  async function execute(job: Job, trigger: JobTrigger): Promise<JobRunRecord> {
    const startedAt = new Date();
    await recorder
      ?.started({ name: job.name, trigger, startedAt })
      .catch((error: unknown) =>
        logger.debug({ err: error, job: job.name }, 'job start not recorded'),
      );
    let outcome: JobRunRecord['outcome'] = 'succeeded';
    let result: string | null = null;
    let message: string | null = null;
    try {
      const value = await job.run(abort.signal);
      result = summary(value);
      logger.debug({ job: job.name, result: value }, 'job done');
    } catch (error) {
      outcome = 'failed';
      message = (error instanceof Error ? error.message : String(error)).slice(0, RESULT_MAX_CHARS);
      logger.error({ err: error, job: job.name }, 'job failed');
    }
    const finishedAt = new Date();
    const record: JobRunRecord = {
      name: job.name,
      trigger: trigger.kind,
      by: trigger.kind === 'manual' ? trigger.by : null,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      outcome,
      result,
      error: message,
    };
    if (trigger.kind === 'manual') {
      logger.info(
        { job: job.name, by: trigger.by, outcome, durationMs: record.durationMs },
        'job run on request',
      );
    }
    await recorder
      ?.finished(record)
      .catch((error: unknown) =>
        logger.debug({ err: error, job: job.name }, 'job run not recorded'),
      );
    return record;
  }

  function run(job: Job, trigger: JobTrigger): Promise<JobRunRecord> {
    const promise = execute(job, trigger).finally(() => {
      running.delete(job.name);
      const again = wakeRequested.delete(job.name);
      schedule(job, again ? 0 : undefined);
    });
    running.set(job.name, promise);
    return promise;
  }

  function schedule(job: Job, delayMs?: number): void {
    if (stopped || timers.has(job.name) || running.has(job.name)) return;
    if (job.everyMs === null && delayMs === undefined) return;
    const delay = delayMs ?? (job.everyMs ?? 0) * (0.9 + Math.random() * 0.2);
    const timer = setTimeout(() => {
      timers.delete(job.name);
      // Never rejects: a run's failure is logged and recorded.
      void run(job, { kind: 'schedule' });
    }, delay);
    timer.unref();
    timers.set(job.name, timer);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      abort = new AbortController();
      for (const job of options.jobs) {
        if (job.everyMs === null) continue;
        schedule(
          job,
          Math.min(job.everyMs, options.firstRunMaxMs ?? FIRST_RUN_MAX_MS) *
            (0.9 + Math.random() * 0.2),
        );
      }
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
    runNow(name, trigger) {
      const job = options.jobs.find((j) => j.name === name);
      if (!job) return undefined;
      return (async () => {
        // One run at a time per job in this process: wait for the one going (its outcome is
        // not this request's), then run afresh.
        for (let current = running.get(name); current; current = running.get(name)) {
          await current.catch(() => undefined);
        }
        const timer = timers.get(name);
        if (timer) clearTimeout(timer);
        timers.delete(name);
        if (stopped) {
          // Timers not started (an API-only process, the operator script): a run of its own.
          abort = abort.signal.aborted ? new AbortController() : abort;
        }
        return run(job, trigger);
      })();
    },
    jobs() {
      return options.jobs.map((j) => ({ name: j.name, everyMs: j.everyMs }));
    },
  };
}
