import type { HttpClient, RequestOptions } from '../http.js';
import type { MerchantSettings, UpdateMerchantSettingsParams } from '../types.js';

/**
 * `ducat.settings`: what the merchant area edits (return URL, IPN URL, widget origins,
 * signature threshold, checkout branding). Merchant-wide: the same for test and live keys. The
 * checkout logo is uploaded in the merchant area only.
 */
export class Settings {
  constructor(private readonly http: HttpClient) {}

  /**
   * The merchant's settings.
   *
   * @example
   * const { displayName, allowedOrigins } = await ducat.settings.get();
   */
  get(options?: RequestOptions): Promise<MerchantSettings> {
    return this.http.request({ method: 'GET', path: 'v1/settings' }, options);
  }

  /**
   * Changes the fields given and no others (`null` clears a nullable one); answers the settings
   * after the change. A bad value is an `InvalidRequestError` (`validation_failed`, with the
   * field) and changes nothing. Audited like a change in the merchant area.
   *
   * @example
   * await ducat.settings.update({ displayName: 'Rosa Bakery', brandColor: '#0a7d55' });
   */
  update(
    params: UpdateMerchantSettingsParams,
    options?: RequestOptions,
  ): Promise<MerchantSettings> {
    return this.http.request({ method: 'POST', path: 'v1/settings', body: params }, options);
  }
}
