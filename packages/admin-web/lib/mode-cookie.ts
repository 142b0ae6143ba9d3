/** The merchant area's test/live switch, kept in a cookie so every page and reload agree. */
export const MODE_COOKIE = 'ducat_portal_mode';

export type Mode = 'test' | 'live';

export function modeOf(value: string | undefined): Mode {
  return value === 'live' ? 'live' : 'test';
}
