import type { LogOutcome, UsageLog } from '@babysea/keys-core';
import type { LogPage } from '@babysea/keys-core/http';
import { useEffect, useId, useState } from 'react';
import { CompareIp } from '../components/compare-ip.js';
import { formatTime, isoTime, messageOf } from '../format.js';
import { keysClient } from '../keys-client.js';
import { useLoader } from '../use-loader.js';

const ALL = 'all';
const LIMIT = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Time ranges offered, in days back from now (`0`: all time). */
const RANGES = [
  { days: 0, label: 'All time' },
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
] as const;

interface Filters {
  keyId: string;
  outcome: LogOutcome | typeof ALL;
  days: number;
}

/** One page of the account-wide feed: one request, whatever the number of keys. */
function loadPage(filters: Filters, cursor?: string): Promise<LogPage> {
  return keysClient.accountLogs({
    ...(filters.keyId === ALL ? {} : { keyId: filters.keyId }),
    ...(filters.outcome === ALL ? {} : { outcome: filters.outcome }),
    ...(filters.days === 0 ? {} : { since: Date.now() - filters.days * DAY_MS }),
    limit: LIMIT,
    ...(cursor === undefined ? {} : { cursor }),
  });
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
  const outcomeId = useId();
  const rangeId = useId();
  const [keyId, setKeyId] = useState(() => new URLSearchParams(location.search).get('key') ?? ALL);
  const [outcome, setOutcome] = useState<Filters['outcome']>(ALL);
  const [days, setDays] = useState(0);
  const filters: Filters = { keyId, outcome, days };
  const keys = useLoader(() => keysClient.list(), 'keys');
  const keyList = keys.data ?? [];
  const logs = useLoader(() => loadPage(filters), `${keyId}:${outcome}:${days}`);
  // Older pages, appended by "Load older"; reset whenever the first page changes.
  const [older, setOlder] = useState<{ rows: UsageLog[]; pages: LogPage[]; error: string | null }>({
    rows: [],
    pages: [],
    error: null,
  });
  useEffect(() => setOlder({ rows: [], pages: [], error: null }), [logs.data]);
  const names = new Map<string, { name: string; prefix: string }>(keyList.map((k) => [k.id, k]));
  for (const page of [logs.data, ...older.pages]) {
    for (const k of page?.keys ?? []) names.set(k.id, k);
  }
  const rows = [...(logs.data?.logs ?? []), ...older.rows];
  const nextCursor = older.pages.at(-1)?.nextCursor ?? logs.data?.nextCursor ?? null;
  const loadOlder = () => {
    if (nextCursor === null) return;
    loadPage(filters, nextCursor).then(
      (page) =>
        setOlder((o) => ({
          rows: [...o.rows, ...page.logs],
          pages: [...o.pages, page],
          error: null,
        })),
      (error: unknown) => setOlder((o) => ({ ...o, error: messageOf(error) })),
    );
  };
  const [matchHash, setMatchHash] = useState<string | null>(null);

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
          <label htmlFor={outcomeId}>Outcome</label>
          <select
            id={outcomeId}
            className="demo-select"
            value={outcome}
            onChange={(event) => setOutcome(event.target.value as Filters['outcome'])}
          >
            <option value={ALL}>All requests</option>
            <option value="success">Succeeded</option>
            <option value="refused">Refused</option>
          </select>
          <label htmlFor={rangeId}>Time</label>
          <select
            id={rangeId}
            className="demo-select"
            value={days}
            onChange={(event) => setDays(Number(event.target.value))}
          >
            {RANGES.map((range) => (
              <option key={range.days} value={range.days}>
                {range.label}
              </option>
            ))}
          </select>
          <button type="button" className="demo-button" onClick={() => logs.reload()}>
            Refresh
          </button>
        </div>
      </div>
      <CompareIp onHash={setMatchHash} />
      {(keys.error || logs.error || older.error) && (
        <p role="alert" className="demo-alert">
          {keys.error ?? logs.error ?? older.error}
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
              <tr
                key={log.id}
                data-ip-match={matchHash !== null && log.ipHash === matchHash ? 'true' : undefined}
                style={
                  matchHash !== null && log.ipHash === matchHash
                    ? { background: 'var(--demo-highlight, #fff3bf)' }
                    : undefined
                }
              >
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
      {nextCursor !== null && (
        <div className="demo-toolbar">
          <button type="button" className="demo-button" onClick={loadOlder}>
            Load older requests
          </button>
        </div>
      )}
    </section>
  );
}
