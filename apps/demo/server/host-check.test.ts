import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { hostCheck } from './host-check.js';

function app(extra: string[] = []) {
  const hono = new Hono();
  hono.use('*', hostCheck(extra));
  hono.get('*', (c) => c.text('ok'));
  return hono;
}

describe('hostCheck', () => {
  it.each([
    'http://localhost:3000/api/keys',
    'http://127.0.0.1:3000/',
    'http://[::1]:3000/',
    'http://LOCALHOST/',
  ])('answers %s', async (url) => {
    expect((await app().request(url)).status).toBe(200);
  });

  it.each([
    'http://attacker.example:3000/api/keys',
    'http://127.0.0.1.nip.io/',
    'http://10.0.0.5:3000/',
  ])('refuses %s with 421 (a DNS-rebinding page carries its own name)', async (url) => {
    const response = await app().request(url);
    expect(response.status).toBe(421);
    expect(await response.text()).not.toContain('ok');
  });

  it('answers the name HOST gives, and an IPv6 HOST in brackets', async () => {
    expect((await app(['demo.test']).request('http://demo.test:3000/')).status).toBe(200);
    expect((await app(['fd00::1']).request('http://[fd00::1]:3000/')).status).toBe(200);
  });

  it('does not open up every name when HOST is 0.0.0.0', async () => {
    expect((await app(['0.0.0.0']).request('http://attacker.example/')).status).toBe(421);
  });
});
