import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import { MODES, PROVIDER_KINDS } from '../../db/schema/index.js';
import {
  listProviders,
  registerProvider,
  updateProvider,
} from '../../domains/providers/manage-providers.js';
import type { RegisteredProvider } from '../../domains/providers/provider-record.js';
import type { Context } from '../../trpc.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const ZProviderId = z.string().regex(/^prv_[1-9A-Za-z]{7,22}$/, 'a provider id (prv_…)');
const ZConfig = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/),
    z.union([z.string().max(500), z.number(), z.boolean()]),
  )
  .refine((c) => Object.keys(c).length <= 30, 'at most 30 keys');
const ZSecrets = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), z.string().min(1).max(2_000))
  .refine((c) => Object.keys(c).length <= 10, 'at most 10 secrets');

const ZProvider = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  adapter: z.string(),
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  secretKeys: z.array(z.string()),
  enabled: z.boolean(),
  available: z.boolean(),
  modes: z.array(z.enum(MODES)),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const readers = { policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } } as const;
const admins = { policy: { kind: 'staff', roles: ['admin'] } } as const;

/**
 * After a change: this process reloads the registry (and rebuilds the provider's adapter) at
 * once, other processes within the gate's cache (2 s) or at their next notification for it.
 */
async function changed(ctx: Context, result: RegisteredProvider): Promise<RegisteredProvider> {
  const payments = paymentsOf(ctx);
  payments.providerGate.invalidate();
  await payments.providerGate.sync();
  return {
    ...result,
    available: payments.providers.has(result.name),
    modes: [...(payments.providers.get(result.name)?.modes ?? [])],
  };
}

/** The providers registry (banks, gateways, e-wallets): admins register, configure, enable. */
export const adminProvidersRouter = router({
  list: procedure
    .meta(readers)
    .output(z.array(ZProvider))
    .query(({ ctx }) => listProviders({ db: ctx.db, registry: paymentsOf(ctx).providers })),

  create: procedure
    .meta(admins)
    .input(
      z.object({
        name: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'lowercase letters, digits, - and _'),
        displayName: z.string().trim().min(1).max(200),
        kind: z.enum(PROVIDER_KINDS),
        adapter: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/),
        config: ZConfig.default({}),
        /** Write-only: stored encrypted, never returned (only their names are). */
        secrets: ZSecrets.default({}),
        enabled: z.boolean().default(false),
      }),
    )
    .output(ZProvider)
    .mutation(async ({ ctx, input }) =>
      changed(
        ctx,
        await registerProvider({
          db: ctx.db,
          actor: staffActor(ctx),
          masterKey: ctx.identity.config.masterKey,
          registry: paymentsOf(ctx).providers,
          ...input,
        }),
      ),
    ),

  update: procedure
    .meta(admins)
    .input(
      z.object({
        providerId: ZProviderId,
        displayName: z.string().trim().min(1).max(200).optional(),
        kind: z.enum(PROVIDER_KINDS).optional(),
        config: ZConfig.optional(),
        secrets: ZSecrets.optional(),
      }),
    )
    .output(ZProvider)
    .mutation(async ({ ctx, input }) => {
      const { providerId, ...patch } = input;
      return changed(
        ctx,
        await updateProvider({
          db: ctx.db,
          actor: staffActor(ctx),
          masterKey: ctx.identity.config.masterKey,
          registry: paymentsOf(ctx).providers,
          providerId,
          patch,
        }),
      );
    }),

  /** A disabled provider starts no new payment; what it already holds goes on. */
  setEnabled: procedure
    .meta(admins)
    .input(z.object({ providerId: ZProviderId, enabled: z.boolean() }))
    .output(ZProvider)
    .mutation(async ({ ctx, input }) =>
      changed(
        ctx,
        await updateProvider({
          db: ctx.db,
          actor: staffActor(ctx),
          masterKey: ctx.identity.config.masterKey,
          registry: paymentsOf(ctx).providers,
          providerId: input.providerId,
          patch: { enabled: input.enabled },
        }),
      ),
    ),
});
