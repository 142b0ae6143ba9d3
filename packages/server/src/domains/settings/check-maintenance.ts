import { AppError } from '../../errors.js';
import { currentMaintenance, type SettingsReader } from './settings-record.js';

/**
 * Refuses a checkout payment during a maintenance window: `maintenance` (503) with the window's
 * end and message, before anything is locked, decided or charged.
 */
export async function assertNotInMaintenance(options: {
  settings: SettingsReader;
  now?: Date;
}): Promise<void> {
  const window = currentMaintenance(await options.settings.current(), options.now ?? new Date());
  if (window) {
    throw new AppError('maintenance', {
      message: window.message,
      details: { startsAt: window.startsAt, endsAt: window.endsAt },
    });
  }
}
