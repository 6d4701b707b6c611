import { describe, expect, it } from 'vitest';
import { maskSecret } from './mask.js';

describe('maskSecret', () => {
  it('keeps only the public display prefix of a bye_ key', () => {
    expect(maskSecret('bye_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9')).toBe(
      `bye_a1B2c${'•'.repeat(24)}`,
    );
  });

  it('handles a custom prefix the same way', () => {
    expect(maskSecret('sk_live_AbCdEfGhIj')).toBe(`sk_live_AbCdE${'•'.repeat(24)}`);
  });

  it('shows the same number of bullets whatever the length', () => {
    expect(maskSecret('bye_abcdefgh').length).toBe(maskSecret('bye_abcdefghijklmnop').length);
  });
});
