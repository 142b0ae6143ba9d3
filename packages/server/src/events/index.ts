import { campaignEvents } from '../domains/campaigns/events.js';
import { ledgerEvents } from '../domains/ledger/events.js';
import { merchantEvents } from '../domains/merchants/events.js';
import { orderEvents } from '../domains/orders/events.js';
import { providerEvents } from '../domains/providers/events.js';
import { reconciliationEvents } from '../domains/reconciliation/events.js';
import { riskEvents } from '../domains/risk/events.js';
import { settingsEvents } from '../domains/settings/events.js';
import { userEvents } from '../domains/users/events.js';
import { createOutbox } from '../infra/outbox.js';
import { createCatalogue } from './catalogue.js';

/**
 * The platform's event catalogue. Each domain defines its events in its own `events.ts` with
 * `defineEvent` and they are listed here, so one place shows every event the platform emits.
 */
export const platformEvents = createCatalogue([
  ...ledgerEvents,
  ...merchantEvents,
  ...orderEvents,
  ...reconciliationEvents,
  ...riskEvents,
  ...userEvents,
  ...settingsEvents,
  ...providerEvents,
  ...campaignEvents,
]);

/** The outbox of the platform's events; write with `outbox.append({ tx, type, … })`. */
export const outbox = createOutbox(platformEvents);
