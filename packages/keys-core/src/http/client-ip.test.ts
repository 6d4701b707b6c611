import { describe, expect, it } from 'vitest';
import { compileAllowlist } from '../allowlist/index.js';
import {
  DEFAULT_FORWARDED_HEADER,
  resolveClientIp,
  resolveForwardedHeader,
  socketPeer,
  trustProxies,
} from './client-ip.js';
import { connInfo } from './request-input.js';

const proxies = compileAllowlist(['10.0.0.0/8', '2001:db8:ffff::/48']);

describe('resolveClientIp', () => {
  it('returns the peer when no proxy is trusted, whatever the headers say', () => {
    expect(resolveClientIp('198.51.100.7', { xForwardedFor: '203.0.113.10' }, null)).toBe(
      '198.51.100.7',
    );
  });

  it('returns the peer when the peer is not a trusted proxy', () => {
    expect(resolveClientIp('198.51.100.7', { xForwardedFor: '203.0.113.10' }, proxies)).toBe(
      '198.51.100.7',
    );
  });

  it('takes the hop a trusted proxy saw', () => {
    expect(resolveClientIp('10.0.0.2', { xForwardedFor: '203.0.113.10' }, proxies)).toBe(
      '203.0.113.10',
    );
  });

  it('takes the right-most untrusted hop of a chain, not the left-most claim', () => {
    const chain = { xForwardedFor: '1.2.3.4, 203.0.113.10, 10.0.0.9' };
    expect(resolveClientIp('10.0.0.2', chain, proxies)).toBe('203.0.113.10');
  });

  it('returns the left-most hop when every hop is a trusted proxy', () => {
    expect(resolveClientIp('10.0.0.2', { xForwardedFor: '10.0.0.5, 10.0.0.9' }, proxies)).toBe(
      '10.0.0.5',
    );
  });

  it('returns the peer when a trusted proxy sent no forwarding header', () => {
    expect(resolveClientIp('10.0.0.2', {}, proxies)).toBe('10.0.0.2');
  });

  it('returns null (fail closed) for an unparsable hop', () => {
    expect(resolveClientIp('10.0.0.2', { xForwardedFor: 'garbage, 10.0.0.9' }, proxies)).toBeNull();
  });

  it('matches an IPv4-mapped peer against an IPv4 proxy range', () => {
    expect(resolveClientIp('::ffff:10.0.0.2', { xForwardedFor: '203.0.113.10' }, proxies)).toBe(
      '203.0.113.10',
    );
  });

  it('reads RFC 7239 Forwarded with a quoted, bracketed IPv6 and a port', () => {
    const headers = { forwarded: 'for="[2001:db8::1]:4711";proto=https;by=10.0.0.2' };
    expect(resolveClientIp('10.0.0.2', headers, proxies, 'forwarded')).toBe('2001:db8::1');
  });

  it('reads Forwarded with an IPv4 and a port, several elements, mixed case', () => {
    const headers = { forwarded: 'For=1.2.3.4, for=203.0.113.10:8080;proto=http, for=10.0.0.9' };
    expect(resolveClientIp('10.0.0.2', headers, proxies, 'forwarded')).toBe('203.0.113.10');
  });

  it('reads only X-Forwarded-For by default: a client’s own Forwarded, passed through by a proxy that appends to X-Forwarded-For, picks nothing', () => {
    // nginx/ALB appended the real client (198.51.100.1) to X-Forwarded-For and passed the
    // caller's Forwarded (claiming an allowlisted address) through untouched.
    const headers = { forwarded: 'for=203.0.113.10', xForwardedFor: '198.51.100.1' };
    expect(resolveClientIp('10.0.0.2', headers, proxies)).toBe('198.51.100.1');
    expect(resolveClientIp('10.0.0.2', headers, proxies, 'x-forwarded-for')).toBe('198.51.100.1');
  });

  it('ignores a Forwarded header alone when reading X-Forwarded-For (the proxy is the client)', () => {
    expect(resolveClientIp('10.0.0.2', { forwarded: 'for=203.0.113.10' }, proxies)).toBe(
      '10.0.0.2',
    );
  });

  it('reads only Forwarded when told to: a spoofed X-Forwarded-For beside it picks nothing', () => {
    const headers = { forwarded: 'for=198.51.100.1', xForwardedFor: '203.0.113.10' };
    expect(resolveClientIp('10.0.0.2', headers, proxies, 'forwarded')).toBe('198.51.100.1');
    expect(
      resolveClientIp('10.0.0.2', { xForwardedFor: '203.0.113.10' }, proxies, 'forwarded'),
    ).toBe('10.0.0.2');
  });

  it('returns null for an obfuscated Forwarded identifier', () => {
    expect(
      resolveClientIp('10.0.0.2', { forwarded: 'for=_hidden' }, proxies, 'forwarded'),
    ).toBeNull();
  });

  it('reads only the right end of a huge header', () => {
    const header = `${'9.9.9.9, '.repeat(20_000)}203.0.113.10`;
    expect(resolveClientIp('10.0.0.2', { xForwardedFor: header }, proxies)).toBe('203.0.113.10');
  });

  it('returns null for a missing peer', () => {
    expect(resolveClientIp(null, { xForwardedFor: '203.0.113.10' }, proxies)).toBeNull();
  });
});

describe('resolveForwardedHeader', () => {
  it('defaults to x-forwarded-for', () => {
    expect(resolveForwardedHeader(undefined)).toBe('x-forwarded-for');
    expect(DEFAULT_FORWARDED_HEADER).toBe('x-forwarded-for');
  });

  it.each(['x-forwarded-for', 'forwarded'])('accepts %s', (value) => {
    expect(resolveForwardedHeader(value)).toBe(value);
  });

  it.each(['X-Forwarded-For', 'both', '', null, 1])(
    'refuses %j as a configuration error',
    (value) => {
      expect(() => resolveForwardedHeader(value)).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIGURATION' }),
      );
    },
  );
});

describe('trustProxies (the getClientIp for an app behind proxies)', () => {
  const conn = (peer: string | null, headers: Record<string, string>) =>
    connInfo(peer, (name) => headers[name] ?? null);

  it('walks X-Forwarded-For from the right past trusted hops', () => {
    const getClientIp = trustProxies(['10.0.0.0/8']);
    const headers = { 'x-forwarded-for': '1.2.3.4, 203.0.113.10, 10.0.0.9' };
    expect(getClientIp(conn('10.0.0.2', headers), undefined)).toBe('203.0.113.10');
  });

  it('never takes the left-most entry alone: one untrusted hop is the client', () => {
    const getClientIp = trustProxies(['10.0.0.0/8']);
    const headers = { 'x-forwarded-for': '203.0.113.10, 198.51.100.7' };
    expect(getClientIp(conn('10.0.0.2', headers), undefined)).toBe('198.51.100.7');
  });

  it('ignores the headers from a peer that is not a trusted proxy', () => {
    const getClientIp = trustProxies(['10.0.0.0/8']);
    const headers = { 'x-forwarded-for': '203.0.113.10' };
    expect(getClientIp(conn('198.51.100.7', headers), undefined)).toBe('198.51.100.7');
  });

  it('reads one header only: Forwarded when told, X-Forwarded-For ignored', () => {
    const getClientIp = trustProxies(['10.0.0.0/8'], { header: 'forwarded' });
    const headers = { forwarded: 'for=198.51.100.1', 'x-forwarded-for': '203.0.113.10' };
    expect(getClientIp(conn('10.0.0.2', headers), undefined)).toBe('198.51.100.1');
  });

  it('folds an IPv4-mapped peer before matching the proxies', () => {
    const getClientIp = trustProxies(['10.0.0.0/8']);
    const headers = { 'x-forwarded-for': '203.0.113.10' };
    expect(getClientIp(conn('::ffff:10.0.0.2', headers), undefined)).toBe('203.0.113.10');
  });

  it('returns null for an unknown peer (fails closed for allowlisted keys)', () => {
    const getClientIp = trustProxies(['10.0.0.0/8']);
    expect(getClientIp(conn(null, { 'x-forwarded-for': '203.0.113.10' }), undefined)).toBeNull();
  });

  it.each([
    ['a bad CIDR', ['10.0.0.0/99']],
    ['a host name', ['10.0.0.1', 'proxy.local']],
    ['text instead of a list', '10.0.0.1'],
  ])('refuses %s when it is built, naming the entry', (_label, proxies) => {
    expect(() => trustProxies(proxies as never)).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIGURATION',
        message: expect.stringMatching(/^trustProxies/),
      }),
    );
  });

  it('refuses an unknown header when it is built', () => {
    expect(() => trustProxies(['10.0.0.1'], { header: 'x-real-ip' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIGURATION' }),
    );
  });

  it('socketPeer, the default, believes no header', () => {
    expect(socketPeer(conn('10.0.0.2', { 'x-forwarded-for': '203.0.113.10' }), undefined)).toBe(
      '10.0.0.2',
    );
  });
});
