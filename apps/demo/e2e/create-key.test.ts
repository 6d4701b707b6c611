import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callApi, createKeyViaUi } from './dashboard.js';
import { type E2EApp, openDashboard, slug, startE2E, type TestPage } from './harness.js';

const PROMPT = { generation_prompt: 'A baby seal on a sunny beach' };

describe('creating keys in the dashboard and calling the API with them', () => {
  let app: E2EApp;
  let tab: TestPage;

  beforeAll(async () => {
    app = await startE2E();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async ({ task }) => {
    tab = await openDashboard(app, `create-${slug(task.name)}`);
    await tab.page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
  });
  afterEach(async () => {
    await tab.close();
    expect(tab.errors).toEqual([]);
  });

  it('a Full Access key answers GET /v1/status with 200 and its own prefix', async () => {
    const secret = await createKeyViaUi(
      tab.page,
      { name: 'prod-api-worker', preset: 'Full Access' },
      tab.shot,
    );
    const { status, json } = await callApi(app.url, secret, 'GET', '/v1/status');
    expect(status).toBe(200);
    expect(json.message).toBe('API connected successfully');
    expect(json.data.apikey_prefix).toBe(secret.slice(0, 9));
  });

  it('a Generate Only key is refused GET /v1/status with 403 BSE1003', async () => {
    const secret = await createKeyViaUi(
      tab.page,
      { name: 'dev-frontend', preset: 'Generate Only' },
      tab.shot,
    );
    const { status, json } = await callApi(app.url, secret, 'GET', '/v1/status');
    expect([status, json.error.code]).toEqual([403, 'BSE1003']);
  });

  it('a Generate Only key generates an image with bfl/flux-schnell', async () => {
    const secret = await createKeyViaUi(
      tab.page,
      { name: 'image-worker', preset: 'Generate Only' },
      tab.shot,
    );
    const { status, json } = await callApi(
      app.url,
      secret,
      'POST',
      '/v1/generate/image/bfl/flux-schnell',
      PROMPT,
    );
    expect(status).toBe(200);
    expect(json.data).toMatchObject({
      model_identifier: 'bfl/flux-schnell',
      generation_initialized: true,
    });
  });

  it('a key whose IP allowlist excludes the client is refused with 403 BSE1007', async () => {
    const secret = await createKeyViaUi(
      tab.page,
      { name: 'office-only', preset: 'Full Access', allowlist: '203.0.113.10, 2001:db8::/32' },
      tab.shot,
    );
    const { status, json } = await callApi(app.url, secret, 'GET', '/v1/status');
    expect([status, json.error.code]).toEqual([403, 'BSE1007']);
  });
});
