import { describe, expect, it } from 'vitest';
import { paginate } from './pagination.js';

/** 7 items served 3 per page, counting the loads. */
function source() {
  const items = Array.from({ length: 7 }, (_, i) => i + 1);
  const loads: (string | undefined)[] = [];
  const pages = paginate(async (cursor) => {
    loads.push(cursor);
    const start = cursor === undefined ? 0 : Number(cursor);
    const data = items.slice(start, start + 3);
    return { data, nextCursor: start + 3 < items.length ? String(start + 3) : null };
  });
  return { pages, loads };
}

describe('pagination', () => {
  it('await gives the first page only', async () => {
    const { pages, loads } = source();
    const first = await pages;
    expect(first).toMatchObject({ data: [1, 2, 3], nextCursor: '3', hasMore: true });
    expect(loads).toEqual([undefined]);
    const second = await first.nextPage();
    expect(second?.data).toEqual([4, 5, 6]);
    const third = await second?.nextPage();
    expect(third).toMatchObject({ data: [7], hasMore: false });
    expect(await third?.nextPage()).toBeNull();
  });

  it('for await walks every item of every page, loading each page once, lazily', async () => {
    const { pages, loads } = source();
    const seen: number[] = [];
    for await (const item of pages) {
      seen.push(item);
      if (item === 2) expect(loads).toHaveLength(1);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(loads).toEqual([undefined, '3', '6']);
  });

  it('stops loading when the loop breaks early', async () => {
    const { pages, loads } = source();
    for await (const item of pages) if (item === 4) break;
    expect(loads).toEqual([undefined, '3']);
  });

  it('pages() yields whole pages', async () => {
    const { pages } = source();
    const sizes: number[] = [];
    for await (const page of pages.pages()) sizes.push(page.data.length);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('starts from a given cursor and rethrows a failed load', async () => {
    const resumed = paginate(async (c) => ({ data: [c], nextCursor: null }), 'abc');
    expect((await resumed).data).toEqual(['abc']);
    const failing = paginate<number>(async () => {
      throw new Error('down');
    });
    await expect(failing).rejects.toThrow('down');
    await expect(
      (async () => {
        for await (const _ of failing) {
          /* none */
        }
      })(),
    ).rejects.toThrow('down');
  });
});
