import { ApiKeysPage, createUsageSnippets } from '@babysea/keys-react';
import { keysClient } from '../keys-client.js';
import type { DemoRole } from '../session.js';

// The "use your key" examples call this demo's own stand-in API, so they work when pasted.
const snippets = createUsageSnippets({ baseUrl: window.location.origin });

/** The `API keys` page: keys-react's whole page over the management API. */
export function KeysPage({ role }: { role: DemoRole }) {
  return (
    <ApiKeysPage client={keysClient} role={role} snippets={snippets} className="demo-keys-page" />
  );
}
