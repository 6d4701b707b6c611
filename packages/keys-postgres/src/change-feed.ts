/**
 * The cross-process change feed on LISTEN/NOTIFY. Writers call `pg_notify` inside the
 * transaction of the change, so PostgreSQL delivers it only on commit. Each adapter instance
 * holds at most one listening connection, opened on first subscribe with the pool's own
 * connection settings but outside the pool (a long-lived LISTEN must not take a pool slot,
 * or a pool of one would starve), and closed when the last listener leaves.
 */
import type { KeyChange } from '@babysea/keys-core';
import type { Client, ClientConfig, Notification, Pool } from 'pg';
import pg from 'pg';

type Listener = (change: KeyChange) => void;

/** `application_name` of the listening connection. */
export const LISTENER_APPLICATION_NAME = 'babysea_keys_listener';

/** Reconnect delays: 50 ms, doubling, at most 5 s. */
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 5000;

export interface ChangeFeedOptions {
  pool: Pool;
  /** The NOTIFY channel (already a valid identifier, see `channelName`). */
  channel: string;
  /** Connection losses, reconnect failures and throwing listeners. */
  onError: (error: unknown) => void;
  /**
   * The journal query run after every LISTEN (first connect included): its rows are delivered
   * as changes, so that nothing committed while this process was not listening is missed.
   */
  replay: { text: string; values: unknown[] };
  /** Resolves when the schema is migrated (the journal exists); awaited before each connect. */
  ready: () => Promise<void>;
}

export interface ChangeFeed {
  /** Resolves once the first LISTEN attempt has finished (on failure it keeps retrying). */
  subscribe(listener: Listener): Promise<() => Promise<void>>;
  /** Drops every listener and closes the connection. */
  close(): Promise<void>;
}

/**
 * The NOTIFY channel of a schema: `keys_changes_<schema>`, shortened with a hash when the
 * result would exceed PostgreSQL's 63-byte identifier limit.
 */
export function channelName(schema: string): string {
  const name = `keys_changes_${schema}`;
  if (name.length <= 63) return name;
  let h = 0x811c9dc5;
  for (let i = 0; i < schema.length; i++) h = Math.imul(h ^ schema.charCodeAt(i), 0x01000193);
  return `${name.slice(0, 54)}_${(h >>> 0).toString(16).padStart(8, '0')}`;
}

function parseChange(payload: string | undefined): KeyChange | null {
  try {
    const value = JSON.parse(payload ?? '') as Partial<KeyChange>;
    const typeOk =
      value.type === 'revoked' ||
      value.type === 'rotated' ||
      value.type === 'deleted' ||
      value.type === 'updated';
    if (typeOk && typeof value.keyId === 'string' && typeof value.hash === 'string') {
      return { type: value.type as KeyChange['type'], keyId: value.keyId, hash: value.hash };
    }
  } catch {
    // fall through: not ours
  }
  return null;
}

export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const { pool, channel, onError, replay, ready } = options;
  const listeners = new Set<Listener>();
  let client: Client | null = null;
  let connecting: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryDelay = FIRST_RETRY_MS;
  let closed = false;

  const wanted = () => !closed && listeners.size > 0 && !pool.ending;

  function deliver(message: Notification): void {
    if (message.channel !== channel) return;
    const change = parseChange(message.payload);
    if (change) publish(change);
  }

  function publish(change: KeyChange): void {
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        onError(error);
      }
    }
  }

  function scheduleRetry(): void {
    if (!wanted() || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryDelay);
    retryTimer.unref?.();
    retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2);
  }

  function lost(which: Client, error?: Error): void {
    if (client !== which) return; // an old connection, already handled
    client = null;
    which.removeAllListeners('notification');
    which.end().catch(() => {});
    onError(new Error(`keys-postgres: change feed connection lost (${channel})`, { cause: error }));
    scheduleRetry();
  }

  async function open(): Promise<void> {
    await ready();
    const ClientClass =
      ((pool.options as { Client?: unknown }).Client as typeof pg.Client | undefined) ?? pg.Client;
    // Named, so that an operator can tell it apart in pg_stat_activity.
    const next = new ClientClass({
      ...(pool.options as ClientConfig),
      application_name: LISTENER_APPLICATION_NAME,
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    next.on('notification', deliver);
    try {
      await next.connect();
      await next.query(`LISTEN "${channel}"`);
    } catch (error) {
      next.removeAllListeners();
      next.on('error', () => {});
      await next.end().catch(() => {});
      throw error;
    }
    if (!wanted()) {
      next.removeAllListeners('end');
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryDelay = FIRST_RETRY_MS;
    // Changes committed before LISTEN took effect (while starting, or while disconnected) are
    // in the journal: replaying them is at-least-once, and an invalidation twice is harmless.
    const { rows } = await next.query<KeyChange>(replay.text, replay.values);
    for (const row of rows) publish(row);
  }

  function connect(): Promise<void> {
    if (client || connecting || !wanted()) return connecting ?? Promise.resolve();
    connecting = open()
      .catch((error: unknown) => {
        onError(error);
        scheduleRetry();
      })
      .finally(() => {
        connecting = null;
      });
    return connecting;
  }

  async function stop(): Promise<void> {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    if (connecting !== null) await connecting;
    const current = client;
    client = null;
    if (current) {
      current.removeAllListeners('end');
      current.removeAllListeners('notification');
      await current.end().catch(() => {});
    }
  }

  return {
    async subscribe(listener) {
      if (closed) throw new Error('keys-postgres: the storage is closed');
      // Wrapped so that one function subscribed twice holds two independent subscriptions.
      const entry: Listener = (change) => listener(change);
      listeners.add(entry);
      await connect();
      return async () => {
        if (!listeners.delete(entry)) return;
        if (listeners.size === 0) await stop();
      };
    },
    async close() {
      closed = true;
      listeners.clear();
      await stop();
    },
  };
}
