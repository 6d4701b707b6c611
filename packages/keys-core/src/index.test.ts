import { describe, expect, it } from 'vitest';
import * as root from './index.js';

describe('the root entry', () => {
  it.each([
    'createKeys',
    'KeysError',
    'isKeysError',
    'KEYS_ERROR_CODES',
    'canManageKeys',
    'deriveStatus',
    'toApiKey',
    'generateKey',
    'parseKey',
    'hashKey',
    'displayPrefix',
    'compilePolicy',
    'DEFAULT_PRESETS',
    'DEFAULT_ROUTES',
    'DEFAULT_SCOPES',
    'parseIpAllowlist',
    'compileAllowlist',
    'parseClientIp',
    'validateCreateKeyInput',
    'validateGraceHours',
    'GRACE_HOURS',
    'MAX_NAME_LENGTH',
    'MAX_ALLOWLIST_ENTRIES',
  ])('exports %s', (name) => {
    expect(Object.keys(root)).toContain(name);
  });

  it('carries no storage implementation and no test code', () => {
    expect(Object.keys(root)).not.toContain('createMemoryStorage');
    expect(Object.keys(root)).not.toContain('describeStorageAdapter');
  });
});
