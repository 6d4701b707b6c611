/**
 * Where the demo keeps its keys: one SQLite file by default (apps/demo/.data/keys.db), or
 * PostgreSQL when `DATABASE_URL` is set.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorageAdapter } from '@babysea/keys-core';
import { createPostgresStorage } from '@babysea/keys-postgres';
import { createSqliteStorage } from '@babysea/keys-sqlite';

/** The default SQLite file, inside the demo package whatever the working directory. */
export const DEFAULT_SQLITE_PATH = fileURLToPath(new URL('../.data/keys.db', import.meta.url));

/** Which storage to open. */
export interface StorageChoice {
  /** A PostgreSQL connection string; wins over `sqlitePath` when set. */
  databaseUrl?: string | undefined;
  /** The PostgreSQL schema to keep the tables in. @default 'public' */
  databaseSchema?: string | undefined;
  /** The SQLite file (its folder is created). @default DEFAULT_SQLITE_PATH */
  sqlitePath?: string | undefined;
}

/** An opened storage and a line saying what it is (never the password). */
export interface OpenedStorage {
  storage: StorageAdapter;
  description: string;
}

/** The URL with its password masked, for the start-up banner. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

/** Opens the chosen storage. The caller closes it (`storage.close()`) after `keys.close()`. */
export async function openStorage(choice: StorageChoice = {}): Promise<OpenedStorage> {
  if (choice.databaseUrl) {
    const storage = createPostgresStorage({
      connectionString: choice.databaseUrl,
      ...(choice.databaseSchema ? { schema: choice.databaseSchema } : {}),
    });
    try {
      await storage.ready(); // fail at start, not on the first request
    } catch (error) {
      await storage.close().catch(() => undefined);
      throw error;
    }
    return { storage, description: `PostgreSQL ${redactDatabaseUrl(choice.databaseUrl)}` };
  }
  const path = choice.sqlitePath ?? DEFAULT_SQLITE_PATH;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return { storage: createSqliteStorage({ database: path }), description: `SQLite ${path}` };
}
