/**
 * The change feed across processes. SQLite has no notification channel, so every revoke,
 * rotate and delete also writes a row to `api_key_changes` in its own transaction; a process
 * that subscribes polls `PRAGMA data_version` (a counter that moves only when another
 * connection commits: reading it costs no I/O) on an unref'd timer and, when it moved, reads
 * the journal rows it has not seen and hands them to its in-process listeners. Another process
 * on the same file (Node's cluster, PM2, two containers on one volume) thus drops a revoked key
 * from its cache within one poll interval (default 250 ms), so the verifier's 30 s cache is
 * safe across processes.
 *
 * Journal rows older than {@link JOURNAL_RETENTION_MS} are pruned with the usage logs.
 */
import type { KeyChange } from '@babysea/keys-core';
import type { Database, Statement } from 'better-sqlite3';

/** Default interval between two `data_version` reads. */
export const DEFAULT_CHANGE_POLL_MS = 250;
/** How long journal rows are kept: far beyond any poll interval or stalled event loop. */
export const JOURNAL_RETENTION_MS = 15 * 60_000;

interface ChangeRow {
  seq: number;
  type: KeyChange['type'];
  key_id: string;
  hash: string;
}

/** The journal's statements on one connection. */
export interface ChangeJournal {
  /** Records a change (call inside the transaction that made it). */
  record(change: KeyChange, at: number): void;
  /** Deletes rows older than `olderThan`. */
  prune(olderThan: number): void;
  /**
   * Starts polling for other connections' changes, delivering each to `deliver`; returns a
   * stop function. One poller per call: the adapter keeps at most one.
   */
  watch(deliver: (change: KeyChange) => void, onError: (error: unknown) => void): () => void;
}

/** The journal of a database migrated without it (`migrate: false` on an older file). */
const ABSENT: ChangeJournal = {
  record() {},
  prune() {},
  watch: () => () => {},
};

export function createChangeJournal(db: Database, pollMs: number): ChangeJournal {
  // A file not migrated to version 3 yet (the adapter opened with `migrate: false`) has no
  // journal: the feed then stays in-process, as before, until the migration runs.
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'api_key_changes'")
    .get();
  if (exists === undefined) return ABSENT;
  const insert: Statement = db.prepare(
    'INSERT INTO api_key_changes (type, key_id, hash, at) VALUES (?, ?, ?, ?)',
  );
  const prune: Statement = db.prepare('DELETE FROM api_key_changes WHERE at < ?');
  const since: Statement = db.prepare(
    'SELECT seq, type, key_id, hash FROM api_key_changes WHERE seq > ? ORDER BY seq LIMIT 1000',
  );
  const last: Statement = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM api_key_changes');

  return {
    record(change, at) {
      insert.run(change.type, change.keyId, change.hash, at);
    },
    prune(olderThan) {
      prune.run(olderThan);
    },
    watch(deliver, onError) {
      let seen = (last.get() as { seq: number }).seq;
      let version = db.pragma('data_version', { simple: true }) as number;
      const poll = () => {
        try {
          if (!db.open) return;
          const now = db.pragma('data_version', { simple: true }) as number;
          if (now === version) return;
          version = now;
          // Read until caught up (a burst of more than one page of changes).
          for (;;) {
            const rows = since.all(seen) as ChangeRow[];
            for (const row of rows) {
              seen = row.seq;
              deliver({ type: row.type, keyId: row.key_id, hash: row.hash });
            }
            if (rows.length < 1000) break;
          }
        } catch (error) {
          // A busy or closed file: reported, and the next tick tries again.
          onError(error);
        }
      };
      const timer = setInterval(poll, pollMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },
  };
}
