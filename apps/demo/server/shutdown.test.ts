import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage } from '@babysea/keys-sqlite';
import { describe, expect, it } from 'vitest';
import { startDemo } from './listen.js';
import { DEMO_ACCOUNT_ID } from './session.js';

const NOW = Date.UTC(2025, 5, 1, 9, 30);

describe('stopping the demo', () => {
  it('flushes last-used and request logs to the database before it closes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'demo-shutdown-')), 'keys.db');
    const demo = await startDemo({
      storage: createSqliteStorage({ database: file }),
      clock: () => NOW,
      host: '127.0.0.1',
      port: 0,
    });
    const { key, secret } = await demo.demo.keys.create({
      accountId: DEMO_ACCOUNT_ID,
      actor: { userId: 'usr_ada', role: 'primary-owner' },
      name: 'prod-api-worker',
      preset: 'full-access',
    });
    const response = await fetch(`${demo.url}/v1/status`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(200);
    await demo.close();

    const reopened = createSqliteStorage({ database: file });
    try {
      expect((await reopened.findKey(DEMO_ACCOUNT_ID, key.id))?.lastUsedAt).toBe(NOW);
      const logs = await reopened.listUsageLogs(DEMO_ACCOUNT_ID, key.id);
      expect(logs.map((log) => [log.method, log.endpoint, log.status])).toEqual([
        ['GET', '/v1/status', 200],
      ]);
    } finally {
      reopened.close();
    }
  });

  it('refuses a second server on a port in use', async () => {
    const first = await startDemo({
      storage: createSqliteStorage({ database: ':memory:' }),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      await expect(
        startDemo({
          storage: createSqliteStorage({ database: ':memory:' }),
          host: '127.0.0.1',
          port: first.port,
        }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });
});
