import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ORDER_STATUSES } from '../../server/src/db/schema/index.js';
import type {
  ZCampaign,
  ZCreateCampaignInput,
  ZUpdateCampaignPatch,
} from '../../server/src/domains/campaigns/schemas.js';
import type { IPN_TYPES } from '../../server/src/domains/ipn/enqueue-ipn.js';
import type {
  ZCheckoutLink,
  ZCreateOrderInput,
  ZListOrdersInput,
  ZOrder,
} from '../../server/src/domains/orders/schemas.js';
import type { LogsTailMessage as ServerLogsTailMessage } from '../../server/src/routers/merchant/logs.js';
import type { ZPayout, ZRefund } from '../../server/src/routers/merchant/money.js';
import type { ListenMessage as ServerListenMessage } from '../../server/src/routers/merchant/webhooks.js';
import type {
  ZMerchantSettings,
  ZUpdateMerchantSettingsInput,
} from '../../server/src/routers/schemas.js';
import sdkPackage from '../package.json' with { type: 'json' };
import type {
  Balance,
  Campaign,
  CheckoutLink,
  CreateCampaignParams,
  CreateOrderParams,
  EventType,
  ListenMessage,
  ListOrdersParams,
  LogsTailMessage,
  MerchantSettings,
  Order,
  OrderStatus,
  Payout,
  Refund,
  UpdateCampaignParams,
  UpdateMerchantSettingsParams,
} from '../src/index.js';
import { VERSION } from '../src/index.js';

/** What a zod 4 schema parses to / accepts, without importing zod into this package. */
type Out<S extends { _zod: { output: unknown } }> = S['_zod']['output'];
type In<S extends { _zod: { input: unknown } }> = S['_zod']['input'];

// These assertions are checked by `tsc` (pnpm typecheck): a field added, renamed or retyped on
// the server without the SDK following fails the build. At run time they are no-ops.
describe('the SDK types match the server schemas', () => {
  it('resources', () => {
    expectTypeOf<Order>().toEqualTypeOf<Out<typeof ZOrder>>();
    expectTypeOf<Campaign>().toEqualTypeOf<Out<typeof ZCampaign>>();
    expectTypeOf<CreateCampaignParams>().toExtend<In<typeof ZCreateCampaignInput>>();
    expectTypeOf<UpdateCampaignParams>().toExtend<In<typeof ZUpdateCampaignPatch>>();
    expectTypeOf<CheckoutLink>().toEqualTypeOf<Out<typeof ZCheckoutLink>>();
    expectTypeOf<Refund>().toEqualTypeOf<Out<typeof ZRefund>>();
    expectTypeOf<Payout>().toEqualTypeOf<Out<typeof ZPayout>>();
    expectTypeOf<OrderStatus>().toEqualTypeOf<(typeof ORDER_STATUSES)[number]>();
    expectTypeOf<MerchantSettings>().toEqualTypeOf<Out<typeof ZMerchantSettings>>();
    expectTypeOf<Balance>().toEqualTypeOf<{
      currency: string;
      balance: number;
      pending: number;
      available: number;
    }>();
  });

  it('inputs', () => {
    expectTypeOf<CreateOrderParams>().toEqualTypeOf<
      Omit<In<typeof ZCreateOrderInput>, 'signature'>
    >();
    expectTypeOf<ListOrdersParams>().toEqualTypeOf<In<typeof ZListOrdersInput>>();
    expectTypeOf<UpdateMerchantSettingsParams>().toEqualTypeOf<
      In<typeof ZUpdateMerchantSettingsInput>
    >();
  });

  it('the streams (subscriptions are not in the OpenAPI document)', () => {
    expectTypeOf<LogsTailMessage>().toEqualTypeOf<ServerLogsTailMessage>();
    expectTypeOf<ListenMessage>().toEqualTypeOf<ServerListenMessage>();
  });

  it('every IPN type the server sends is a known EventType', () => {
    expectTypeOf<(typeof IPN_TYPES)[number]>().toExtend<EventType>();
  });

  it('the version in the User-Agent is the package version', () => {
    expect(VERSION).toBe(sdkPackage.version);
  });
});
