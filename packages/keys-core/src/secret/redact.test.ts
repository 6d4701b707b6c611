import { describe, expect, it } from 'vitest';
import { generateKey } from './key.js';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('cuts a key to its display prefix + "..."', () => {
    const key = generateKey();
    expect(redactSecrets(`entry 1, "${key}", is not an IP`)).toBe(
      `entry 1, "${key.slice(0, 9)}...", is not an IP`,
    );
  });

  it('cuts every key in the text', () => {
    const [a, b] = [generateKey(), generateKey()];
    const out = redactSecrets(`${a},${b}`);
    expect(out).toBe(`${a.slice(0, 9)}...,${b.slice(0, 9)}...`);
  });

  it('cuts a key of a configured prefix without an underscore', () => {
    const key = generateKey('babysea');
    expect(redactSecrets(`unknown scope "${key}"`, 'babysea')).toBe(
      `unknown scope "${key.slice(0, 12)}..."`,
    );
  });

  it('cuts any word_ + 20 base62 characters (another product’s key)', () => {
    expect(redactSecrets('sk_live_51Habcdefghijklmnopqrstuv')).toBe('sk_live_51Hab...');
  });

  it('cuts a truncated key as long as 20 characters of its body remain', () => {
    const key = generateKey();
    expect(redactSecrets(key.slice(0, 30))).toBe(`${key.slice(0, 9)}...`);
  });

  it.each([
    'entry 1, "10.0.0.999", is not an IPv4 or IPv6 address',
    'unknown preset "full_access" (one of read-only, full-access)',
    '2001:db8::1',
    'short_abc',
    '',
  ])('leaves ordinary text alone: %j', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
