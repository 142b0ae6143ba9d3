/**
 * One page of a list.
 *
 * @example
 * const page: Page<Order> = await ducat.orders.list({ limit: 10 });
 * if (page.hasMore) console.log('next cursor', page.nextCursor);
 */
export type Page<T> = {
  data: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
  hasMore: boolean;
  /** The next page, or null after the last. */
  nextPage(): Promise<Page<T> | null>;
};

/**
 * What every `list` returns: await it for the first page, or iterate it with `for await` to
 * walk every item of every page (fetched one page at a time, as you go).
 *
 * @example
 * const first = await ducat.orders.list({ limit: 50 });
 * for await (const order of ducat.orders.list({ status: 'checkout_success' })) {
 *   console.log(order.id);
 * }
 * for await (const page of ducat.orders.list().pages()) console.log(page.data.length);
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  private first: Promise<Page<T>> | undefined;

  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {}

  private firstPage(): Promise<Page<T>> {
    this.first ??= this.fetchPage(undefined);
    return this.first;
  }

  // biome-ignore lint/suspicious/noThenProperty: a thenable, so `await ducat.orders.list()` is the first page.
  then<R1 = Page<T>, R2 = never>(
    onFulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.firstPage().then(onFulfilled, onRejected);
  }

  /** Every page in turn. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page: Page<T> | null = await this.firstPage();
    while (page) {
      yield page;
      page = await page.nextPage();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }
}

/** Builds the `PagePromise` of a cursor-paginated endpoint. */
export function paginate<T>(
  load: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
  cursor?: string,
): PagePromise<T> {
  const toPage = async (c: string | undefined): Promise<Page<T>> => {
    const { data, nextCursor } = await load(c);
    return {
      data,
      nextCursor,
      hasMore: nextCursor !== null,
      nextPage: () => (nextCursor === null ? Promise.resolve(null) : toPage(nextCursor)),
    };
  };
  return new PagePromise((c) => toPage(c ?? cursor));
}
