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
  it('names the key in the confirmations by name and display prefix, or by name alone', () => {
    expect(DEFAULT_LABELS.revokeDescription('prod-api-worker', 'bye_a1B2c...')).toMatch(
      /^“prod-api-worker” \(bye_a1B2c\.\.\.\) stops working immediately/,
    );
    expect(DEFAULT_LABELS.deleteDescription('prod-api-worker', 'bye_a1B2c...')).toMatch(
      /^“prod-api-worker” \(bye_a1B2c\.\.\.\) and all its request logs/,
    );
    expect(DEFAULT_LABELS.rotateDescription('prod-api-worker', 'bye_a1B2c...')).toMatch(
      /^A new key replaces “prod-api-worker” \(bye_a1B2c\.\.\.\)\./,
    );
    expect(DEFAULT_LABELS.revokeDescription('prod-api-worker')).toMatch(
      /^“prod-api-worker” stops working/,
    );
  });

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
