import { createHash } from 'node:crypto';
import { createKeys } from '@babysea/keys-core';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, createTestStore, OWNER, request, testDatabaseUrl } from './test-database.js';

const url = await testDatabaseUrl();

describe.skipIf(url === null)('postgres security', () => {
  const store = createTestStore(url!);
  afterEach(() => store.cleanup());

  /** Every row of every table of the schema, each as the text of all its columns. */
  async function everyRowAsText(): Promise<string[]> {
    const admin = new pg.Client({ connectionString: url! });
    await admin.connect();
    try {
      const tables = await admin.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [store.schema],
      );
      const rows: string[] = [];
      for (const { table_name } of tables.rows) {
        const result = await admin.query<{ row: string }>(
          `SELECT t::text AS row FROM "${store.schema}"."${table_name}" t`,
        );
        rows.push(...result.rows.map((r) => r.row));
      }
      return rows;
    } finally {
      await admin.end();
    }
  }

  it('no column of any table holds a secret, after create, rotate and use', async () => {
    const storage = await store.open();
    const keys = createKeys({ storage, onError: (error) => console.error(error) });
    const secrets: string[] = [];
    for (const name of ['prod-api-worker', 'dev-frontend', 'staging-monitor']) {
      const created = await keys.create({
        accountId: ACCOUNT,
        actor: OWNER,
        name,
        preset: 'full-access',
      });
      secrets.push(created.secret);
    }
    const first = (await keys.list({ accountId: ACCOUNT, actor: OWNER }))[0]!;
    const rotated = await keys.rotate({ accountId: ACCOUNT, actor: OWNER, keyId: first.id });
    secrets.push(rotated.secret);
    for (const secret of secrets) {
      expect((await keys.verify(request(secret))).ok).toBe(true);
      // A client that also puts its key in the query string: the log keeps it redacted.
      expect((await keys.verify(request(secret, `/v1/status?api_key=${secret}`))).ok).toBe(true);
    }
    await keys.flush();
    await keys.close();

    const text = (await everyRowAsText()).join('\n');
    expect(text).toContain('GET'); // usage logs were written and are scanned
    for (const secret of secrets) {
      expect(text).toContain(createHash('sha256').update(secret).digest('hex'));
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(4, 36)); // the random part
      expect(text).not.toContain(secret.slice(9)); // everything after the display prefix
    }
  });
});
