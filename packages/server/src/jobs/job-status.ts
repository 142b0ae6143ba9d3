import { z } from 'zod';
import type { RedisClient } from '../infra/redis.js';
import type { JobRecorder, JobRunRecord } from './scheduler.js';

// One hash per kind, a field per job: every process writes the runs it makes, so the portal sees
// the last run of a job wherever it ran. Kept in Redis, not MariaDB: the 1-second jobs would
// otherwise add several writes a second to the system of record for a status line.
// One hash slot (the {jobs} tag), so the MULTI works on a Redis Cluster too.
const LAST_KEY = '{jobs}:last';
const RUNNING_KEY = '{jobs}:running';

const ZRecord = z.object({
  name: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  by: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().int().min(0),
  outcome: z.enum(['succeeded', 'failed']),
  result: z.string().nullable(),
  error: z.string().nullable(),
});
const ZRunning = z.object({
  startedAt: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  by: z.string().nullable(),
});
export type RunningJob = z.infer<typeof ZRunning>;

function parse<T>(schema: z.ZodType<T>, text: string | undefined): T | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Records each job's last run (and the one going) in Redis, for the admin portal. */
export type JobStatusStore = JobRecorder & {
  read(): Promise<Map<string, { last: JobRunRecord | null; running: RunningJob | null }>>;
};

export function createJobStatusStore(redis: RedisClient): JobStatusStore {
  return {
    async started({ name, trigger, startedAt }) {
      const running: RunningJob = {
        startedAt: startedAt.toISOString(),
        trigger: trigger.kind,
        by: trigger.kind === 'manual' ? trigger.by : null,
      };
      await redis.hset(RUNNING_KEY, name, JSON.stringify(running));
    },
    async finished(record) {
      await redis
        .multi()
        .hset(LAST_KEY, record.name, JSON.stringify(record))
        .hdel(RUNNING_KEY, record.name)
        .exec();
    },
    async read() {
      const [last, running] = await Promise.all([
        redis.hgetall(LAST_KEY),
        redis.hgetall(RUNNING_KEY),
      ]);
      const names = new Set([...Object.keys(last), ...Object.keys(running)]);
      const out = new Map<string, { last: JobRunRecord | null; running: RunningJob | null }>();
      for (const name of names) {
        out.set(name, {
          last: parse(ZRecord, last[name]),
          running: parse(ZRunning, running[name]),
        });
      }
      return out;
    },
  };
}
