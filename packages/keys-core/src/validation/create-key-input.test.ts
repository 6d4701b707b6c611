import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../policy/compile-policy.js';
import { validateCreateKeyInput } from './create-key-input.js';

const NOW = Date.UTC(2026, 0, 1);

function rules(result: ReturnType<typeof validateCreateKeyInput>): string[] {
  return result.ok ? [] : result.issues.map((issue) => `${issue.field}:${issue.rule}`);
}

describe('validateCreateKeyInput', () => {
  it('returns the cleaned input of a preset key', () => {
    expect(
      validateCreateKeyInput(
        {
          name: ' prod-api-worker ',
          preset: 'read-only',
          allowlist: '2001:DB8::1, 10.1.2.3/8',
          expiresAt: '2030-01-01',
        },
        { now: NOW },
      ),
    ).toEqual({
      ok: true,
      value: {
        name: 'prod-api-worker',
        preset: 'read-only',
        scopes: ['generation:read', 'account:read', 'health:read', 'library:read'],
        allowlist: ['2001:db8::1', '10.0.0.0/8'],
        expiresAt: 1893456000000,
      },
    });
  });

  it('defaults the allowlist to any IP and the expiry to never', () => {
    expect(
      validateCreateKeyInput({ name: 'k', preset: 'monitor-only' }, { now: NOW }),
    ).toMatchObject({
      ok: true,
      value: { allowlist: [], expiresAt: null },
    });
  });

  it('deduplicates custom scopes into the policy order, with no preset', () => {
    expect(
      validateCreateKeyInput(
        { name: 'k', scopes: ['library:read', 'generation:read', 'library:read'] },
        { now: NOW },
      ),
    ).toMatchObject({
      ok: true,
      value: { preset: null, scopes: ['generation:read', 'library:read'] },
    });
  });

  it('collects the issues of every field at once', () => {
    const result = validateCreateKeyInput(
      { name: '', preset: 'admin', allowlist: '10.0.0.999', expiresAt: NOW - 1 },
      { now: NOW },
    );
    expect(rules(result)).toEqual([
      'name:required',
      'preset:unknown_preset',
      'allowlist:invalid_ip',
      'expiresAt:past',
    ]);
  });

  it('refuses a preset and scopes together', () => {
    expect(
      rules(
        validateCreateKeyInput(
          { name: 'k', preset: 'read-only', scopes: ['health:read'] },
          { now: NOW },
        ),
      ),
    ).toEqual(['preset:exclusive']);
  });

  it('refuses neither preset nor scopes', () => {
    expect(rules(validateCreateKeyInput({ name: 'k' }, { now: NOW }))).toEqual(['preset:required']);
  });

  it('refuses an empty scope list', () => {
    expect(rules(validateCreateKeyInput({ name: 'k', scopes: [] }, { now: NOW }))).toEqual([
      'scopes:required',
    ]);
  });

  it('reports each unknown scope with its index and text', () => {
    const result = validateCreateKeyInput(
      { name: 'k', scopes: ['health:read', 'admin:all', 7] },
      { now: NOW },
    );
    expect(result).toMatchObject({
      ok: false,
      issues: [
        {
          field: 'scopes',
          rule: 'unknown_scope',
          index: 1,
          value: 'admin:all',
          message: 'scopes: unknown scope "admin:all"',
        },
        { field: 'scopes', rule: 'unknown_scope', index: 2, value: '7' },
      ],
    });
  });

  it('refuses scopes that are not a list', () => {
    expect(
      rules(validateCreateKeyInput({ name: 'k', scopes: 'health:read' }, { now: NOW })),
    ).toEqual(['scopes:invalid']);
  });

  it('refuses an allowlist of the wrong type', () => {
    expect(
      rules(
        validateCreateKeyInput({ name: 'k', preset: 'read-only', allowlist: 42 }, { now: NOW }),
      ),
    ).toEqual(['allowlist:invalid']);
  });

  it('refuses 51 allowlist entries', () => {
    const allowlist = Array.from({ length: 51 }, (_, i) => `192.0.2.${i}`);
    expect(
      rules(validateCreateKeyInput({ name: 'k', preset: 'read-only', allowlist }, { now: NOW })),
    ).toEqual(['allowlist:max_entries']);
  });

  it('refuses a 101-character name', () => {
    expect(
      rules(validateCreateKeyInput({ name: 'x'.repeat(101), preset: 'read-only' }, { now: NOW })),
    ).toEqual(['name:max_length']);
  });

  it('checks presets and scopes against a custom policy', () => {
    const policy = compilePolicy({
      scopes: ['files:read'],
      presets: [
        { id: 'reader', label: 'Reader', description: 'Read files', scopes: ['files:read'] },
      ],
      routes: [],
    });
    expect(
      validateCreateKeyInput({ name: 'k', preset: 'reader' }, { now: NOW, policy }),
    ).toMatchObject({
      ok: true,
      value: { preset: 'reader', scopes: ['files:read'] },
    });
    expect(
      rules(validateCreateKeyInput({ name: 'k', preset: 'read-only' }, { now: NOW, policy })),
    ).toEqual(['preset:unknown_preset']);
  });

  it('treats a missing input object as a missing name', () => {
    expect(rules(validateCreateKeyInput(null as never, { now: NOW }))).toEqual([
      'name:required',
      'preset:required',
    ]);
  });
});
