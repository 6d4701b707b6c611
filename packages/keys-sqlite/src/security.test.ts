import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createKeys } from '@babysea/keys-core';
import { afterEach, expect, it } from 'vitest';
import { ACCOUNT, createTestFile, OWNER, request } from './test-files.js';

const file = createTestFile();
afterEach(() => file.cleanup());

function bytesOf(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
}

it('no byte of the database file or its WAL holds a secret, after create, rotate and use', async () => {
  const storage = file.open();
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
  const logs = await keys.logs({ accountId: ACCOUNT, actor: OWNER, keyId: rotated.key.id });
  expect(logs.length).toBeGreaterThan(0); // the usage really was written

  const walBefore = bytesOf(`${file.file}-wal`);
  storage.database.pragma('wal_checkpoint(FULL)');
  const files = [
    walBefore,
    bytesOf(file.file),
    bytesOf(`${file.file}-wal`),
    bytesOf(`${file.file}-shm`),
  ];
  const all = Buffer.concat(files);
  // The scan sees the data: each key's hash is there, so the absence of the secret means something.
  for (const secret of secrets) {
    expect(all.includes(createHash('sha256').update(secret).digest('hex'))).toBe(true);
  }
  for (const secret of secrets) {
    const random = secret.slice(4, 36);
    expect(all.includes(secret)).toBe(false);
    expect(all.includes(random)).toBe(false);
    expect(all.includes(secret.slice(9))).toBe(false); // everything after the display prefix
  }
  await keys.close();
});
