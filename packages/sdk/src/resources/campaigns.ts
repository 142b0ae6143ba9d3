import type { HttpClient, RequestOptions } from '../http.js';
import type {
  Campaign,
  CampaignState,
  CreateCampaignParams,
  UpdateCampaignParams,
} from '../types.js';

const path = (id: string, rest = '') => `v1/campaigns/${encodeURIComponent(id)}${rest}`;

/**
 * `ducat.campaigns`: checkout discounts in the mode of your key. You pay for the discount: the
 * shopper is charged the discounted amount and you receive it (`order.discountAmount` says how
 * much less). The budget is never exceeded, however many shoppers check out at once.
 */
export class Campaigns {
  constructor(private readonly http: HttpClient) {}

  /**
   * Creates a campaign, scheduled (active inside its window) unless `draft`.
   *
   * @example
   * const campaign = await ducat.campaigns.create({ name: 'Winter sale',
   *   startsAt: '2026-12-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z',
   *   reward: { type: 'discount_percent', basisPoints: 1000 }, capPerOrder: 2000,
   *   currency: 'EUR', budget: 100_000 });
   */
  create(params: CreateCampaignParams, options?: RequestOptions): Promise<Campaign> {
    return this.http.request({ method: 'POST', path: 'v1/campaigns', body: params }, options);
  }

  /**
   * One campaign, with its budget reserved and remaining.
   *
   * @example
   * const { budget } = await ducat.campaigns.get('cmp_…');
   */
  get(campaignId: string, options?: RequestOptions): Promise<Campaign> {
    return this.http.request({ method: 'GET', path: path(campaignId) }, options);
  }

  /**
   * Your campaigns, newest first, optionally of one state.
   *
   * @example
   * const running = await ducat.campaigns.list({ state: 'active' });
   */
  async list(
    params: { state?: CampaignState; limit?: number } = {},
    options?: RequestOptions,
  ): Promise<Campaign[]> {
    const query: Record<string, string> = {};
    if (params.state) query.state = params.state;
    if (params.limit !== undefined) query.limit = String(params.limit);
    const { campaigns } = await this.http.request<{ campaigns: Campaign[] }>(
      { method: 'GET', path: 'v1/campaigns', query },
      options,
    );
    return campaigns;
  }

  /**
   * Edits a campaign that has not ended. Orders that already hold its discount keep it.
   *
   * @example
   * await ducat.campaigns.update('cmp_…', { budget: 200_000 });
   */
  update(
    campaignId: string,
    params: UpdateCampaignParams,
    options?: RequestOptions,
  ): Promise<Campaign> {
    return this.http.request({ method: 'POST', path: path(campaignId), body: params }, options);
  }

  /**
   * Pauses a campaign: new checkouts stop getting its discount.
   *
   * @example
   * await ducat.campaigns.pause('cmp_…');
   */
  pause(campaignId: string, options?: RequestOptions): Promise<Campaign> {
    return this.http.request(
      { method: 'POST', path: path(campaignId, '/pause'), body: {} },
      options,
    );
  }

  /**
   * Resumes a paused campaign, or launches a draft.
   *
   * @example
   * await ducat.campaigns.resume('cmp_…');
   */
  resume(campaignId: string, options?: RequestOptions): Promise<Campaign> {
    return this.http.request(
      { method: 'POST', path: path(campaignId, '/resume'), body: {} },
      options,
    );
  }

  /**
   * Ends a campaign for good.
   *
   * @example
   * await ducat.campaigns.end('cmp_…');
   */
  end(campaignId: string, options?: RequestOptions): Promise<Campaign> {
    return this.http.request({ method: 'POST', path: path(campaignId, '/end'), body: {} }, options);
  }
}
