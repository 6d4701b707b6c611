import type { AuditEvent } from '@babysea/keys-core';
import { formatTime, isoTime } from '../format.js';
import { keysClient } from '../keys-client.js';
import { useLoader } from '../use-loader.js';

const VERBS: Record<AuditEvent['type'], string> = {
  'api_key.created': 'created',
  'api_key.rotated': 'rotated',
  'api_key.revoked': 'revoked',
  'api_key.deleted': 'deleted',
  'api_key.updated': 'edited',
};

/** What an edit changed, in words: `renamed from "a"`, `allowlist now 10.0.0.1`. */
function editDetails(event: AuditEvent): string | null {
  const { previousName, allowlist } = event.data;
  const parts: string[] = [];
  if (typeof previousName === 'string') parts.push(`renamed from “${previousName}”`);
  if (typeof allowlist === 'string') parts.push(`allowlist now ${allowlist || 'any IP'}`);
  return parts.length ? parts.join(', ') : null;
}

function details(event: AuditEvent): string | null {
  if (event.type === 'api_key.updated') return editDetails(event);
  if (event.type !== 'api_key.rotated') return null;
  const { replacementPrefix, graceHours } = event.data;
  const parts: string[] = [];
  if (replacementPrefix) parts.push(`replaced by ${replacementPrefix}...`);
  if (graceHours !== undefined && graceHours !== null) parts.push(`${graceHours} h grace`);
  return parts.length ? parts.join(', ') : null;
}

/** `Activity`: the account's audit feed, newest first. */
export function ActivityPage({ people }: { people: Record<string, string> }) {
  const feed = useLoader(() => keysClient.audit({ limit: 100 }), 'audit');
  const events = feed.data ?? [];
  return (
    <section className="demo-page" aria-labelledby="activity-title">
      <div className="demo-page-head">
        <div>
          <h1 id="activity-title">Activity</h1>
          <p className="demo-muted">
            Who created, edited, rotated, revoked or deleted which key, and when. Secrets never
            appear here.
          </p>
        </div>
        <div className="demo-toolbar">
          <button type="button" className="demo-button" onClick={() => feed.reload()}>
            Refresh
          </button>
        </div>
      </div>
      {feed.error && (
        <p role="alert" className="demo-alert">
          {feed.error}
        </p>
      )}
      <div className="demo-card">
        <ol className="demo-feed" aria-label="Activity feed">
          {events.map((event) => {
            const extra = details(event);
            return (
              <li key={event.id} className="demo-feed-item">
                <span className="demo-event" data-type={event.type.replace('api_key.', '')}>
                  {event.type}
                </span>
                <span className="demo-feed-text">
                  <strong>{people[event.actorId] ?? event.actorId}</strong>{' '}
                  <span className="demo-muted">({event.actorRole})</span> {VERBS[event.type]}{' '}
                  <strong>{event.keyName}</strong>{' '}
                  <code className="demo-code">{event.keyPrefix}...</code>
                  {extra && <span className="demo-muted"> · {extra}</span>}
                </span>
                <time className="demo-muted" dateTime={isoTime(event.at)} title={isoTime(event.at)}>
                  {formatTime(event.at)}
                </time>
              </li>
            );
          })}
        </ol>
        {!feed.loading && !feed.error && events.length === 0 && (
          <div className="demo-empty">
            <p className="demo-empty-title">No activity yet</p>
            <p className="demo-muted">Create a key on the API keys page and it shows up here.</p>
          </div>
        )}
        {feed.loading && events.length === 0 && <p className="demo-empty demo-muted">Loading…</p>}
      </div>
    </section>
  );
}
