import { isIsoCurrency } from '@ducat/currencies';
import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import { ZMaintenanceWindow } from '../../domains/settings/settings-record.js';
import { updateSettings } from '../../domains/settings/update-settings.js';
import { AppError } from '../../errors.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const ZSettings = z.object({
  defaultOrderExpirySeconds: z.number().int(),
  providerNoAnswerMinutes: z.number().int(),
  maintenanceWindows: z.array(
    z.object({ startsAt: z.string(), endsAt: z.string(), message: z.string() }),
  ),
  notificationRecipients: z.array(z.string()),
  enabledCurrencies: z.array(z.string()).nullable(),
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});

/** Platform settings: read by every platform role, changed by admins (audited, with an event). */
export const adminSettingsRouter = router({
  get: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
    .output(ZSettings)
    .query(async ({ ctx }) => {
      const settings = paymentsOf(ctx).settings;
      // Staff see what is stored now, not the cached copy checkout reads.
      settings.invalidate();
      return settings.current();
    }),

  /** Fields given replace the stored ones; `null` resets one to the environment's default. */
  update: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin'] } })
    .input(
      z.object({
        baseVersion: z.number().int().min(0).optional(),
        defaultOrderExpirySeconds: z
          .number()
          .int()
          .min(300)
          .max(30 * 86_400)
          .nullable()
          .optional(),
        providerNoAnswerMinutes: z.number().int().min(1).max(1_440).nullable().optional(),
        maintenanceWindows: z.array(ZMaintenanceWindow).max(50).nullable().optional(),
        notificationRecipients: z.array(z.email().max(254)).max(50).nullable().optional(),
        /** ISO 4217 codes; an unknown one is refused with `currency_unsupported`. */
        enabledCurrencies: z
          .array(z.string().trim().toUpperCase().max(3))
          .min(1)
          .max(200)
          .nullable()
          .optional(),
      }),
    )
    .output(ZSettings)
    .mutation(async ({ ctx, input }) => {
      const { baseVersion, ...patch } = input;
      const unknown = patch.enabledCurrencies?.find((code) => !isIsoCurrency(code));
      if (unknown !== undefined) {
        throw new AppError('currency_unsupported', {
          message: `${unknown} is not an ISO 4217 currency.`,
          field: 'enabledCurrencies',
        });
      }
      if (patch.enabledCurrencies) patch.enabledCurrencies = [...new Set(patch.enabledCurrencies)];
      const payments = paymentsOf(ctx);
      const updated = await updateSettings({
        db: ctx.db,
        actor: staffActor(ctx),
        defaults: payments.settings.defaults,
        maxOrderExpirySeconds: payments.settings.maxOrderExpirySeconds,
        patch,
        baseVersion,
      });
      payments.settings.invalidate();
      return updated;
    }),
});
