import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS, resolveLabels } from './labels.js';

describe('resolveLabels', () => {
  it('returns the defaults when nothing is overridden', () => {
    expect(resolveLabels()).toBe(DEFAULT_LABELS);
  });

  it('merges an override over the defaults', () => {
    const labels = resolveLabels({ pageTitle: 'Clés API' });
    expect(labels.pageTitle).toBe('Clés API');
    expect(labels.createKey).toBe('Create API key');
  });

  it('merges status names one by one', () => {
    const labels = resolveLabels({ status: { Revoked: 'Révoquée' } });
    expect(labels.status).toEqual({
      Active: 'Active',
      Rotated: 'Rotated',
      Expired: 'Expired',
      Revoked: 'Révoquée',
    });
  });
});

describe('DEFAULT_LABELS', () => {
  it('names the grace periods as the spec does', () => {
    expect([1, 6, 12, 24, 48, 72, 168].map(DEFAULT_LABELS.graceOption)).toEqual([
      '1 hour',
      '6 hours',
      '12 hours',
      '24 hours',
      '48 hours (2 days)',
      '72 hours (3 days)',
      '168 hours (7 days)',
    ]);
  });
});
