/**
 * A process that starts the adapter on a file, as an app server would (run by schema.test.ts
 * through tsx). It says `ready`, waits for `go` on stdin so that all processes start at the
 * same moment, opens the storage (which migrates), and prints the migration table it sees.
 */
import { createInterface } from 'node:readline';
import { createSqliteStorage } from '../sqlite-storage.js';

const file = process.argv[2];
if (!file) throw new Error('usage: start-process.ts <database file>');

const lines = createInterface({ input: process.stdin });
console.log('ready');
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  const storage = createSqliteStorage({ database: file });
  const rows = storage.database.prepare('SELECT version, name FROM keys_migrations').all();
  storage.close();
  console.log(JSON.stringify(rows));
  break;
}
lines.close();
