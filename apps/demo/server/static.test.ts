import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { serveClient } from './static.js';

function build(withIndex = true) {
  const root = mkdtempSync(join(tmpdir(), 'demo-static-'));
  mkdirSync(join(root, 'assets'));
  if (withIndex) writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
  const app = new Hono();
  app.use('*', serveClient(root));
  return app;
}

describe('serveClient', () => {
  it('serves index.html at /', async () => {
    const response = await build().request('/');
    expect(await response.text()).toContain('id="root"');
  });

  it('falls back to index.html for a page of the app such as /logs', async () => {
    const response = await build().request('/logs');
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  it('serves hashed assets with a long immutable cache', async () => {
    const response = await build().request('/assets/app-abc123.js');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('answers 404 for a missing file with an extension', async () => {
    expect((await build().request('/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside its root', async () => {
    const response = await build().request('/..%2f..%2fetc%2fpasswd');
    expect(await response.text()).not.toContain('root:');
  });

  it('says how to build when the bundle is missing', async () => {
    const response = await build(false).request('/');
    expect(response.status).toBe(503);
  });
});
