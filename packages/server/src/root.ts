import { z } from 'zod';
import { procedure } from './auth/authorize.js';
import { adminRouter } from './routers/admin/index.js';
import { checkoutRouter } from './routers/checkout/index.js';
import { devRouter } from './routers/dev.js';
import { campaignsRouter } from './routers/merchant/campaigns.js';
import { merchantRouter } from './routers/merchant/index.js';
import { logsRouter } from './routers/merchant/logs.js';
import { balanceRouter, payoutsRouter, refundsRouter } from './routers/merchant/money.js';
import { ordersRouter } from './routers/merchant/orders.js';
import { reportsRouter } from './routers/merchant/reports.js';
import { settingsRouter } from './routers/merchant/settings.js';
import { eventsRouter, webhookEndpointsRouter } from './routers/merchant/webhooks.js';
import { searchRouter } from './routers/search.js';
import { statsRouter } from './routers/stats.js';
import { accountRouter } from './routers/wallet/account.js';
import { cardsRouter } from './routers/wallet/cards.js';
import { walletRouter } from './routers/wallet/money.js';
import { router } from './trpc.js';
import { VERSION } from './version.js';

export { VERSION };

/**
 * The root router. Routers are grouped by who calls them (merchant, checkout, wallet, admin) and
 * are added here as their domains land. Every procedure declares its access policy.
 */
export const appRouter = router({
  system: router({
    /** The API version and the server's clock, so a client can detect skew before signing. */
    info: procedure
      .meta({ policy: { kind: 'public' } })
      .output(z.object({ version: z.string(), time: z.string() }))
      .query(() => ({ version: VERSION, time: new Date().toISOString() })),
  }),
  account: accountRouter,
  cards: cardsRouter,
  wallet: walletRouter,
  merchant: merchantRouter,
  orders: ordersRouter,
  refunds: refundsRouter,
  payouts: payoutsRouter,
  balance: balanceRouter,
  reports: reportsRouter,
  webhookEndpoints: webhookEndpointsRouter,
  events: eventsRouter,
  campaigns: campaignsRouter,
  settings: settingsRouter,
  logs: logsRouter,
  checkout: checkoutRouter,
  admin: adminRouter,
  search: searchRouter,
  stats: statsRouter,
  dev: devRouter,
});

export type AppRouter = typeof appRouter;
