/** A same-site path to go to after signing in; anything else (other sites, `//host`) is `/wallet`. */
export function safeNext(next: string | string[] | undefined, fallback = '/wallet'): string {
  if (typeof next !== 'string') return fallback;
  return /^\/(?![/\\])[\w\-./?=&%~#]*$/.test(next) ? next : fallback;
}
