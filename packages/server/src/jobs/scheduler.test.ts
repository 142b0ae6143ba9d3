import { describe, expect, it } from 'vitest';
import { createLogger } from '../infra/logger.js';
import { createScheduler, type JobRecorder, type JobRunRecord } from './scheduler.js';

const logger = createLogger({ level: 'silent' });

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('scheduler', () => {
  it('wake runs a job at once, and once more after a run that was going', async () => {
    const starts: number[] = [];
    let release: () => void = () => undefined;
    const scheduler = createScheduler({
      logger,
      jobs: [
        {
          name: 'slow',
          everyMs: 60_000,
          run: () => {
            starts.push(Date.now());
            return new Promise<void>((resolve) => {
              release = resolve;
            });
          },
        },
      ],
    });
    scheduler.start();
    scheduler.wake('slow');
    await sleep(30);
    expect(starts).toHaveLength(1);
    // Woken twice while running: one more run right after, not two.
    scheduler.wake('slow');
    scheduler.wake('slow');
    release();
    await sleep(30);
    expect(starts).toHaveLength(2);
    release();
    await sleep(30);
    expect(starts).toHaveLength(2);
    scheduler.wake('unknown');
    await scheduler.stop();
  });

  it('stop aborts the signal of a running job and waits for it', async () => {
    let aborted = false;
    const scheduler = createScheduler({
      logger,
      jobs: [
        {
          name: 'long',
          everyMs: 60_000,
          run: (signal) =>
            new Promise<void>((resolve) => {
              signal.addEventListener('abort', () => {
                aborted = true;
                resolve();
              });
            }),
        },
      ],
    });
    scheduler.start();
    scheduler.wake('long');
    await sleep(20);
    await scheduler.stop();
    expect(aborted).toBe(true);
  });

  it('records every run with its trigger, duration and outcome; a failure is recorded, not thrown', async () => {
    const records: JobRunRecord[] = [];
    const started: string[] = [];
    const recorder: JobRecorder = {
      started: async (run) => {
        started.push(`${run.name}:${run.trigger.kind}`);
      },
      finished: async (record) => {
        records.push(record);
      },
    };
    const scheduler = createScheduler({
      logger,
      recorder,
      jobs: [
        {
          name: 'counts',
          everyMs: 60_000,
          run: async () => {
            await sleep(25);
            return { archived: 3 };
          },
        },
        {
          name: 'breaks',
          everyMs: null,
          run: async () => {
            throw new Error('database went away');
          },
        },
      ],
    });
    // Not started (an API-only process, the operator script): a run on request still happens.
    const ok = await scheduler.runNow('counts', { kind: 'manual', by: 'stf_1' });
    expect(ok).toMatchObject({
      name: 'counts',
      trigger: 'manual',
      by: 'stf_1',
      outcome: 'succeeded',
      result: '{"archived":3}',
      error: null,
    });
    expect(ok?.durationMs).toBeGreaterThanOrEqual(20);
    expect(Date.parse(ok?.finishedAt ?? '') - Date.parse(ok?.startedAt ?? '')).toBe(ok?.durationMs);
    const failed = await scheduler.runNow('breaks', { kind: 'manual', by: 'operator:root' });
    expect(failed).toMatchObject({ outcome: 'failed', error: 'database went away', result: null });
    expect(scheduler.runNow('nope', { kind: 'manual', by: 'x' })).toBeUndefined();
    expect(started).toEqual(['counts:manual', 'breaks:manual']);
    expect(records.map((r) => r.name)).toEqual(['counts', 'breaks']);
    expect(scheduler.jobs()).toEqual([
      { name: 'counts', everyMs: 60_000 },
      { name: 'breaks', everyMs: null },
    ]);
  });

  it('runs an hourly job soon after start, not an hour later, and never a job that is off', async () => {
    const ran: string[] = [];
    const scheduler = createScheduler({
      logger,
      firstRunMaxMs: 20,
      jobs: [
        { name: 'hourly', everyMs: 3_600_000, run: async () => ran.push('hourly') },
        { name: 'off', everyMs: null, run: async () => ran.push('off') },
      ],
    });
    scheduler.start();
    await sleep(80);
    expect(ran).toEqual(['hourly']);
    await scheduler.stop();
  });

  it('a run asked for while one is going waits for it, then runs afresh (never two at once)', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const scheduler = createScheduler({
      logger,
      jobs: [
        {
          name: 'one-at-a-time',
          everyMs: 60_000,
          run: async () => {
            active++;
            most = Math.max(most, active);
            runs++;
            await sleep(20);
            active--;
          },
        },
      ],
    });
    scheduler.start();
    scheduler.wake('one-at-a-time');
    await sleep(5);
    const trigger = { kind: 'manual' as const, by: 'stf_1' };
    await Promise.all([
      scheduler.runNow('one-at-a-time', trigger),
      scheduler.runNow('one-at-a-time', trigger),
    ]);
    expect(runs).toBe(3);
    expect(most).toBe(1);
    await scheduler.stop();
  });
});
