import { type IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { compileTrustProxy, ZTrustProxy } from '@ducat/server/trust-proxy';
import { describe, expect, it } from 'vitest';
import { rewriteForwardedHeaders } from './forwarded-headers';

function request(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  encrypted = false,
): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress });
  // A TLS socket (tls.TLSSocket) says so by `encrypted`.
  if (encrypted) Object.defineProperty(socket, 'encrypted', { value: true });
  const req = new IncomingMessage(socket);
  req.headers = { ...headers };
  return req;
}

const trusting = (setting: string) => compileTrustProxy(ZTrustProxy.parse(setting));
const forged = {
  'x-forwarded-for': '1.2.3.4',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-port': '443',
  'x-real-ip': '5.6.7.8',
  forwarded: 'for=9.9.9.9',
};

describe('rewriteForwardedHeaders', () => {
  it('from a peer that is no front proxy: every forwarded header is what the socket says', () => {
    const req = request('203.0.113.7', forged);
    rewriteForwardedHeaders(req, trusting('none'));
    expect(req.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(req.headers['x-real-ip']).toBe('203.0.113.7');
    expect(req.headers['x-forwarded-proto']).toBe('http');
    expect(req.headers['x-forwarded-host']).toBeUndefined();
    expect(req.headers['x-forwarded-port']).toBeUndefined();
    expect(req.headers.forwarded).toBeUndefined();
  });

  it('a loopback browser is not trusted unless loopback is configured', () => {
    const req = request('127.0.0.1', forged);
    rewriteForwardedHeaders(req, trusting('10.0.0.0/8'));
    expect(req.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('with no headers at all the socket address is filled in; a TLS socket is https', () => {
    const req = request('2001:db8::1', {}, true);
    rewriteForwardedHeaders(req, trusting(''));
    expect(req.headers['x-forwarded-for']).toBe('2001:db8::1');
    expect(req.headers['x-forwarded-proto']).toBe('https');
  });

  it('behind a front proxy: the right-most untrusted address of the chain, and its proto', () => {
    const req = request('10.0.0.2', {
      'x-forwarded-for': '1.2.3.4, 198.51.100.9, 10.0.0.5',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'pay.example.com',
      'x-real-ip': '1.2.3.4',
    });
    rewriteForwardedHeaders(req, trusting('10.0.0.0/8'));
    // 10.0.0.5 is another of our proxies; 198.51.100.9 connected to it; 1.2.3.4 is the client's
    // own claim and never believed.
    expect(req.headers['x-forwarded-for']).toBe('198.51.100.9');
    expect(req.headers['x-real-ip']).toBe('198.51.100.9');
    expect(req.headers['x-forwarded-proto']).toBe('https');
    expect(req.headers['x-forwarded-host']).toBe('pay.example.com');
  });

  it('behind a front proxy that sent no chain: the proxy itself is the client', () => {
    const req = request('::1', { 'x-forwarded-proto': 'gopher' });
    rewriteForwardedHeaders(req, trusting('loopback'));
    expect(req.headers['x-forwarded-for']).toBe('::1');
    expect(req.headers['x-forwarded-proto']).toBe('http');
  });

  it('a socket that already closed names nobody', () => {
    const req = request(undefined, forged);
    rewriteForwardedHeaders(req, trusting('loopback'));
    expect(req.headers['x-forwarded-for']).toBeUndefined();
    expect(req.headers['x-real-ip']).toBeUndefined();
  });
});

describe('the web apps parse TRUST_PROXY as the API does', () => {
  it('refuses true and garbage', () => {
    expect(ZTrustProxy.safeParse('true').success).toBe(false);
    expect(ZTrustProxy.safeParse('not-an-address').success).toBe(false);
    expect(ZTrustProxy.parse('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
    expect(ZTrustProxy.parse(undefined)).toEqual([]);
  });
});
