import type { HttpClient, RequestOptions } from '../http.js';
import type { Balance } from '../types.js';

/** `ducat.balance`: what you hold. */
export class BalanceResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Your balance per currency (in the mode of your key).
   *
   * @example
   * const [eur] = await ducat.balance.get();
   * console.log(eur?.available);
   */
  get(options?: RequestOptions): Promise<Balance[]> {
    return this.http.request({ method: 'GET', path: 'v1/balance' }, options);
  }
}
