import { apiActor, merchantOf, procedure } from '../../auth/authorize.js';
import {
  getMerchantSettings,
  updateMerchantSettings,
} from '../../domains/merchants/merchant-settings.js';
import { router } from '../../trpc.js';
import { ZMerchantSettings, ZUpdateMerchantSettingsInput } from '../schemas.js';

const merchantApi = { policy: { kind: 'merchant_api' } } as const;

/**
 * Merchant API: the settings the merchant area edits (return URL, IPN URL, widget origins,
 * signature threshold, checkout branding). They are the merchant's, not a mode's: a test key
 * reads and changes the same settings as a live key, as the merchant area does.
 */
export const settingsRouter = router({
  get: procedure
    .meta(merchantApi)
    .output(ZMerchantSettings)
    .query(({ ctx }) =>
      getMerchantSettings({
        cache: ctx.identity.merchants,
        merchantId: merchantOf(ctx).merchantId,
      }),
    ),

  /** Changes only the fields given; `null` clears a nullable one. */
  update: procedure
    .meta(merchantApi)
    .input(ZUpdateMerchantSettingsInput)
    .output(ZMerchantSettings)
    .mutation(async ({ ctx, input }) => {
      const { merchantId } = merchantOf(ctx);
      const settings = await ctx.db.transaction((tx) =>
        updateMerchantSettings({ tx, actor: apiActor(ctx), merchantId, patch: input }),
      );
      await ctx.identity.merchants.invalidate(merchantId);
      return settings;
    }),
});
