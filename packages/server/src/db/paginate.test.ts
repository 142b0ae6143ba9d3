import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';
import { countMatching, pageOf } from './paginate.js';
import { auditLog } from './schema/index.js';

const t = useTestEnv();

beforeAll(async () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({
    actorType: 'staff',
    actorId: i < 5 ? 'stf_counted' : 'stf_other',
    action: 'test.count',
  }));
  await t().database.db.insert(auditLog).values(rows);
});

describe('list totals', () => {
  it('a page answers how many rows match its filter in all, not only the rows it holds', async () => {
    const page = await pageOf({
      db: t().database.db,
      table: auditLog,
      where: [eq(auditLog.actorId, 'stf_counted')],
      page: { limit: 2, sort: { field: 'id', dir: 'desc' } },
      map: (row) => row,
      count: true,
    });
    expect(page.rows).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    expect(page).toMatchObject({ total: 5, totalCapped: false });
  });

  it('stops counting at the cap and says the total is a lower bound', async () => {
    const where = [eq(auditLog.action, 'test.count')];
    const db = t().database.db;
    expect(await countMatching({ db, table: auditLog, where, cap: 3 })).toEqual({
      total: 3,
      totalCapped: true,
    });
    expect(await countMatching({ db, table: auditLog, where, cap: 7 })).toEqual({
      total: 7,
      totalCapped: false,
    });
  });
});
