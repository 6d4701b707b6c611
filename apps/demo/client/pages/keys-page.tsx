import { ApiKeysPage } from '@babysea/keys-react';
import { keysClient } from '../keys-client.js';
import type { DemoRole } from '../session.js';

/** The `API keys` page: keys-react's whole page over the management API. */
export function KeysPage({ role }: { role: DemoRole }) {
  return <ApiKeysPage client={keysClient} role={role} />;
}
