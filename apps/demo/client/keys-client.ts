import { createHttpKeysClient } from '@babysea/keys-react';

/** The dashboard's one client of the management API, mounted at `/api` on this origin. */
export const keysClient = createHttpKeysClient('/api', { credentials: 'same-origin' });
