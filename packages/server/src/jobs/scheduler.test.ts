import { describe, expect, it } from 'vitest';
import { createLogger } from '../infra/logger.js';
import { createScheduler } from './scheduler.js';

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
});
