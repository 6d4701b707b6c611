import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LIMITS, describeLimits } from '../server/demo-limits.js';
import { type E2EApp, openDashboard, startE2E } from './harness.js';

describe("the dashboard's statement of the API limits", () => {
  let app: E2EApp;
  beforeAll(async () => {
    app = await startE2E({ limits: DEMO_LIMITS });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('states the limits the server enforces on /v1, under the navigation', async () => {
    const tab = await openDashboard(app, 'limits');
    const note = tab.page.getByTestId('demo-limits');
    await note.waitFor();
    expect((await note.textContent())?.trim()).toBe(describeLimits(DEMO_LIMITS));
    await tab.shot('limits');
    await tab.close();
    expect(tab.errors).toEqual([]);
  });
});
