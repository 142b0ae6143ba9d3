/** The merchant area's test/live switch, kept in a cookie so every page and reload agree. */
export const MODE_COOKIE = 'ducat_portal_mode';
/** The same cookie on https pages: Secure and `__Host-`, so no sibling subdomain can set it. */
export const SECURE_MODE_COOKIE = `__Host-${MODE_COOKIE}`;

export type Mode = 'test' | 'live';

export function modeOf(value: string | undefined): Mode {
  return value === 'live' ? 'live' : 'test';
}
