/**
 * The in-process change feed. SQLite has no notification channel between processes, so the
 * feed reaches the listeners of this process only: every adapter instance of this process
 * that works on the same database file (or the same in-memory `Database` object) shares one
 * set of listeners. Other processes on the same file are not told: that is why SQLite is the
 * single-process (single-box) choice and PostgreSQL the one for many servers.
 */
import type { KeyChange } from '@babysea/keys-core';

type Listener = (change: KeyChange) => void;

/** Which database a feed belongs to: its absolute file path, or the `Database` object itself. */
export type FeedKey = string | object;

const byFile = new Map<string, Set<Listener>>();
const byDatabase = new WeakMap<object, Set<Listener>>();

function listenersOf(key: FeedKey): Set<Listener> | undefined {
  return typeof key === 'string' ? byFile.get(key) : byDatabase.get(key);
}

/**
 * Calls every listener of the database, in subscription order. A throwing listener is
 * reported to `onListenerError` and does not stop the others: the change is already committed.
 */
export function publishChange(
  key: FeedKey,
  change: KeyChange,
  onListenerError: (error: unknown) => void,
): void {
  const listeners = listenersOf(key);
  if (!listeners) return;
  for (const listener of [...listeners]) {
    try {
      listener(change);
    } catch (error) {
      onListenerError(error);
    }
  }
}

/** Adds a listener; returns its unsubscribe (idempotent). */
export function subscribeChanges(key: FeedKey, listener: Listener): () => void {
  let listeners = listenersOf(key);
  if (!listeners) {
    listeners = new Set();
    if (typeof key === 'string') byFile.set(key, listeners);
    else byDatabase.set(key, listeners);
  }
  // Wrapped so that one function subscribed twice holds two independent subscriptions.
  const entry: Listener = (change) => listener(change);
  listeners.add(entry);
  const set = listeners;
  return () => {
    set.delete(entry);
    if (set.size === 0 && typeof key === 'string' && byFile.get(key) === set) byFile.delete(key);
  };
}
