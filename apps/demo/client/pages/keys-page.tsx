import { ApiKeysPage, createUsageSnippets } from '@babysea/keys-react';
import { keysClient } from '../keys-client.js';
import type { DemoRole } from '../session.js';

// The "use your key" examples call this demo's own stand-in API, so they work when pasted: the
// TypeScript one is BabySea's SDK with `baseUrl` set here, and says so.
const snippets = createUsageSnippets({
  baseUrl: window.location.origin,
  baseUrlNote: "this BabySea Keys demo's stand-in for BabySea's API",
});

/** The `API keys` page: keys-react's whole page over the management API. */
export function KeysPage({ role }: { role: DemoRole }) {
  return (
    <ApiKeysPage client={keysClient} role={role} snippets={snippets} className="demo-keys-page" />
  );
}
