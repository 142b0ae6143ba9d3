import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/**
 * A TRUST_PROXY setting: the reverse proxies in front of a process (addresses, CIDRs, or
 * proxy-addr's names `loopback`, `linklocal`, `uniquelocal`), comma-separated; `none`, `false`
 * or empty for none. `true` is refused: it would believe any client's X-Forwarded-For.
 *
 * Shared by the API's env.ts and both web apps' config (their own front proxies), so the two
 * settings mean and parse exactly the same. This module reads no configuration itself.
 */
export const ZTrustProxy = z
  .string()
  .transform((s, ctx) => {
    const list = s
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    if (list.length === 1 && (list[0] === 'false' || list[0] === 'none')) return [];
    if (list.includes('true')) {
      ctx.addIssue({
        code: 'custom',
        message:
          'list the proxy addresses or CIDRs (e.g. loopback,10.0.0.0/8); true trusts everyone',
      });
      return z.NEVER;
    }
    try {
      proxyAddr.compile(list);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `expected addresses or CIDRs: ${error instanceof Error ? error.message : String(error)}`,
      });
      return z.NEVER;
    }
    return list;
  })
  .default([]);

/** Whether a connection from `address` (hop `i`, 0 = the socket's peer) is a trusted proxy. */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Compiles a parsed TRUST_PROXY list (see {@link ZTrustProxy}) into a predicate. */
export function compileTrustProxy(list: readonly string[]): TrustProxy {
  return proxyAddr.compile([...list]);
}
