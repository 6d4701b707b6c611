import { describe, expect, it } from 'vitest';
import { formatRelative } from './time.js';

const NOW = Date.UTC(2026, 10, 27, 12);

describe('formatRelative', () => {
  it.each([
    [NOW - 10_000, 'now'],
    [NOW - 3 * 60_000, '3 minutes ago'],
    [NOW - 2 * 3600_000, '2 hours ago'],
    [NOW - 26 * 3600_000, 'yesterday'],
    [NOW - 3 * 86_400_000, '3 days ago'],
    [NOW - 14 * 86_400_000, '2 weeks ago'],
    [NOW - 65 * 86_400_000, '2 months ago'],
    [NOW - 400 * 86_400_000, 'last year'],
  ])('reads %s as "%s"', (at, expected) => {
    expect(formatRelative(at, NOW, 'en-US')).toBe(expected);
  });
});
