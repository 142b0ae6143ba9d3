import { createCatalogue } from './catalogue.js';

/**
 * The platform's event catalogue. Each domain defines its events in its own `events.ts` with
 * `defineEvent` and they are listed here, so one place shows every event the platform emits.
 * The foundation emits none of its own yet; the ledger, identity and order domains add theirs.
 */
export const platformEvents = createCatalogue([]);
