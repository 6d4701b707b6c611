import type { ApiKey, UsageLog } from '@babysea/keys-core';
import { useId, useState } from 'react';
import { formatTime, isoTime } from '../format.js';
import { keysClient } from '../keys-client.js';
import { useLoader } from '../use-loader.js';

const ALL = 'all';
const LIMIT = 100;

/** Newest first, across the given keys (the API lists logs per key). */
async function loadLogs(keys: ApiKey[], keyId: string): Promise<UsageLog[]> {
  const chosen = keyId === ALL ? keys : keys.filter((k) => k.id === keyId);
  const pages = await Promise.all(chosen.map((k) => keysClient.logs(k.id, { limit: LIMIT })));
  return pages
    .flat()
    .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
    .slice(0, LIMIT);
}

function StatusBadge({ status }: { status: number }) {
  const tone = status < 300 ? 'ok' : status < 500 ? 'warn' : 'bad';
  return (
    <span className="demo-badge" data-tone={tone}>
      {status}
    </span>
  );
}

/** `Logs`: every guarded request per key (time, method, endpoint, status, error, agent). */
export function LogsPage() {
  const selectId = useId();
  const [keyId, setKeyId] = useState(() => new URLSearchParams(location.search).get('key') ?? ALL);
  const keys = useLoader(() => keysClient.list(), 'keys');
  const keyList = keys.data ?? [];
  const logs = useLoader(
    () => (keys.data ? loadLogs(keys.data, keyId) : Promise.resolve([])),
    `${keyId}:${keys.data ? keyList.map((k) => k.id).join() : 'pending'}`,
  );
  const names = new Map(keyList.map((k) => [k.id, k]));
  const rows = logs.data ?? [];

  const choose = (next: string) => {
    setKeyId(next);
    const url = next === ALL ? '/logs' : `/logs?key=${encodeURIComponent(next)}`;
    window.history.replaceState(null, '', url);
  };

  return (
    <section className="demo-page" aria-labelledby="logs-title">
      <div className="demo-page-head">
        <div>
          <h1 id="logs-title">Logs</h1>
          <p className="demo-muted">
            Every request made with this account's API keys, newest first.
          </p>
        </div>
        <div className="demo-toolbar">
          <label htmlFor={selectId}>API key</label>
          <select
            id={selectId}
            className="demo-select"
            value={keyId}
            onChange={(event) => choose(event.target.value)}
          >
            <option value={ALL}>All keys</option>
            {keyList.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name} ({k.prefix}...)
              </option>
            ))}
          </select>
          <button type="button" className="demo-button" onClick={() => logs.reload()}>
            Refresh
          </button>
        </div>
      </div>
      {(keys.error || logs.error) && (
        <p role="alert" className="demo-alert">
          {keys.error ?? logs.error}
        </p>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable, or a keyboard cannot scroll the table sideways on a narrow screen (axe: scrollable-region-focusable) */}
      <section className="demo-card" aria-label="Request logs" tabIndex={0}>
        <table className="demo-table">
          <caption className="demo-sr-only">Request logs</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">API key</th>
              <th scope="col">Method</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Status</th>
              <th scope="col">Error code</th>
              <th scope="col">User agent</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((log) => (
              <tr key={log.id}>
                <td>
                  <time dateTime={isoTime(log.at)} title={isoTime(log.at)}>
                    {formatTime(log.at)}
                  </time>
                </td>
                <td>
                  <span className="demo-key-name">{names.get(log.keyId)?.name ?? log.keyId}</span>
                  <code className="demo-code">{names.get(log.keyId)?.prefix ?? ''}...</code>
                </td>
                <td>
                  <span className="demo-method">{log.method}</span>
                </td>
                <td>
                  <code className="demo-code">
                    {log.endpoint}
                    {log.query ? `?${log.query}` : ''}
                  </code>
                </td>
                <td>
                  <StatusBadge status={log.status} />
                </td>
                <td>{log.errorCode ?? <span className="demo-muted">—</span>}</td>
                <td className="demo-agent" title={log.userAgent ?? undefined}>
                  {log.userAgent ?? <span className="demo-muted">—</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!logs.loading && !logs.error && rows.length === 0 && (
          <div className="demo-empty">
            <p className="demo-empty-title">No requests yet</p>
            <p className="demo-muted">
              Call the API with a key, e.g.{' '}
              <code className="demo-code">
                curl {location.origin}/v1/status -H "Authorization: Bearer bye_…"
              </code>
            </p>
          </div>
        )}
        {logs.loading && rows.length === 0 && <p className="demo-empty demo-muted">Loading…</p>}
      </section>
    </section>
  );
}
