import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { TrustProxy } from '@ducat/server/trust-proxy';
import proxyAddr from 'proxy-addr';

/** Headers a client could write to pass for someone else, or for another host or scheme. */
const SPOOFABLE = ['x-forwarded-host', 'x-forwarded-port', 'forwarded'] as const;

function first(value: string | string[] | undefined): string | undefined {
  const head = Array.isArray(value) ? value[0] : value;
  return head?.split(',')[0]?.trim().toLowerCase() || undefined;
}

/**
 * Makes a web app's forwarded headers say who really connected, before Next sees the request.
 *
 * Next only fills `x-forwarded-for` / `-proto` / `-host` / `-port` when they are missing, and the
 * /trpc proxy passes the address on to the API, which trusts the web app's hop: without this, a
 * browser that writes its own `X-Forwarded-For` would pick its address at the API (a fresh
 * rate-limit bucket per request, a forged IP in risk features and logs).
 *
 * - The socket's peer is not one of the app's front proxies (`trust`, its TRUST_PROXY): every
 *   forwarded header is replaced by what the socket says (its address, http or https).
 * - It is one: the client is the right-most untrusted address of the chain (proxy-addr, as the
 *   API does), the proto is the one the proxy reported, the host and port are kept.
 *
 * Either way `x-forwarded-for` and `x-real-ip` end up holding exactly one address, the client.
 */
export function rewriteForwardedHeaders(req: IncomingMessage, trust: TrustProxy): void {
  const peer = req.socket.remoteAddress;
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  const socketProto = encrypted ? 'https' : 'http';
  const headers = req.headers;
  const setClient = (address: string | undefined) => {
    // A peer without an address (the socket already closed) names nobody.
    for (const name of ['x-forwarded-for', 'x-real-ip']) {
      if (address === undefined) delete headers[name];
      else headers[name] = address;
    }
  };
  if (peer === undefined || !trust(peer, 0)) {
    for (const name of SPOOFABLE) delete headers[name];
    setClient(peer);
    headers['x-forwarded-proto'] = socketProto;
    return;
  }
  setClient(proxyAddr(req, trust));
  const proto = first(headers['x-forwarded-proto']);
  headers['x-forwarded-proto'] = proto === 'https' || proto === 'http' ? proto : socketProto;
}
