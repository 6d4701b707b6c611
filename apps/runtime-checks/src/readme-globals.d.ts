/**
 * Names the README code blocks use without declaring them: what the surrounding prose says
 * the reader already has (the engine, an app, a session reader). Everything else a block uses
 * it must import itself.
 */
import type { Keys, StorageAdapter } from '@babysea/keys-core';
import type { KeysHandler } from '@babysea/keys-core/http';
import type { Express } from 'express';
import type { FastifyInstance } from 'fastify';
import type { Hono } from 'hono';

declare global {
  /** Bun's server API, as much as the fetch-runtime example uses (bun-types is not installed). */
  const Bun: {
    serve(options: {
      fetch(
        request: Request,
        server: { requestIP(request: Request): { address: string } | null },
      ): Response | Promise<Response>;
    }): unknown;
  };
  /** The adapter and database of the conformance-suite example: the ones you are testing. */
  interface ExampleDatabase {
    newConnection(): ExampleDatabase;
    destroy(): Promise<void>;
  }
  function openEmptyDatabase(): Promise<ExampleDatabase>;
  function createMyStorage(db: ExampleDatabase): StorageAdapter;
  /** The engine, `createKeys(...)`. */
  const keys: Keys;
  /** Your Hono app. */
  const app: Hono;
  const expressApp: Express;
  const fastifyApp: FastifyInstance;
  /** The management handler, `createKeysHandler(...)`. */
  const manage: KeysHandler;
  /** Your session layer. */
  function getSession(request: Request): Promise<{
    accountId: string;
    userId: string;
    role: 'primary-owner' | 'owner' | 'member';
  } | null>;
}
