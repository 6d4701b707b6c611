/**
 * What `/v1/usage` reports: the requests each account made to the stand-in API (those that
 * passed the key check) and the generations it submitted, over a window of days. Kept in memory
 * like the generations, bounded per account.
 */
import type { ProviderId } from './catalog.js';
import { type GenerationRecord, statusAt } from './generations.js';
import { credits } from './pricing.js';

/** BabySea's window: 1 to 90 days, 30 by default. */
export const USAGE_DAYS = { min: 1, max: 90, default: 30 } as const;

/** At most this many requests and generations are remembered per account; the oldest go. */
export const MAX_USAGE_ENTRIES_PER_ACCOUNT = 50_000;

const DAY_MS = 86_400_000;

interface RequestEntry {
  at: number;
  endpoint: string;
  status: number;
  code: string | undefined;
}

/** Per-account request and generation counts. */
export interface UsageLedger {
  /** One answered request: `endpoint` is the route (`GET /v1/content/{generation_id}`). */
  recordRequest(accountId: string, entry: RequestEntry): void;
  /** One generation created (its record is read again for its status). */
  recordGeneration(record: GenerationRecord): void;
  /** The `data` of `/v1/usage` at `now` over `days`. */
  report(accountId: string, days: number, now: number, creditBalance: number): UsageReport;
}

/** BabySea's `UsageData`. */
export interface UsageReport {
  account_id: string;
  usage_period_days: number;
  usage_credit_balance: number;
  usage_total_requests: number;
  usage_total_success: number;
  usage_total_client_errors: number;
  usage_total_server_errors: number;
  usage_total_generations: number;
  usage_total_provider_submissions: number;
  usage_total_estimated_cost: number;
  usage_endpoints: {
    endpoint: string;
    total_requests: number;
    success_count: number;
    client_error_count: number;
    server_error_count: number;
    error_codes: Record<string, number>;
  }[];
  usage_providers: {
    provider: string;
    total_submissions: number;
    used_count: number;
    cancelled_count: number;
    discarded_count: number;
    failed_count: number;
    total_estimated_cost: number;
    wasted_estimated_cost: number;
  }[];
}

function push<T>(map: Map<string, T[]>, accountId: string, entry: T) {
  let list = map.get(accountId);
  if (!list) {
    list = [];
    map.set(accountId, list);
  }
  list.push(entry);
  // Dropping in halves keeps the cost of the cap amortised (no shift() per request).
  if (list.length > MAX_USAGE_ENTRIES_PER_ACCOUNT) list.splice(0, list.length >> 1);
}

/** Builds an empty ledger. */
export function createUsageLedger(): UsageLedger {
  const requests = new Map<string, RequestEntry[]>();
  const generations = new Map<string, GenerationRecord[]>();
  return {
    recordRequest: (accountId, entry) => push(requests, accountId, entry),
    recordGeneration: (record) => push(generations, record.accountId, record),
    report(accountId, days, now, creditBalance) {
      const since = now - days * DAY_MS;
      const endpoints = new Map<string, UsageReport['usage_endpoints'][number]>();
      let success = 0;
      let client = 0;
      let server = 0;
      const inWindow = (requests.get(accountId) ?? []).filter((r) => r.at >= since);
      for (const { endpoint, status, code } of inWindow) {
        let row = endpoints.get(endpoint);
        if (!row) {
          row = {
            endpoint,
            total_requests: 0,
            success_count: 0,
            client_error_count: 0,
            server_error_count: 0,
            error_codes: {},
          };
          endpoints.set(endpoint, row);
        }
        row.total_requests++;
        if (status < 400) {
          row.success_count++;
          success++;
        } else if (status < 500) {
          row.client_error_count++;
          client++;
        } else {
          row.server_error_count++;
          server++;
        }
        if (code) row.error_codes[code] = (row.error_codes[code] ?? 0) + 1;
      }

      const providers = new Map<ProviderId, UsageReport['usage_providers'][number]>();
      const created = (generations.get(accountId) ?? []).filter((g) => g.createdAt >= since);
      let cost = 0;
      let submissions = 0;
      for (const record of created) {
        const status = statusAt(record, now);
        if (status !== 'canceled') cost += record.cost;
        // A generation canceled before it left the queue never reached a provider.
        const submitted =
          status === 'canceled' ? record.canceledAt! >= record.startedAt : status !== 'pending';
        if (!submitted) continue;
        submissions++;
        const provider = record.input.providerOrder[0] as ProviderId;
        let row = providers.get(provider);
        if (!row) {
          row = {
            provider,
            total_submissions: 0,
            used_count: 0,
            cancelled_count: 0,
            discarded_count: 0,
            failed_count: 0,
            total_estimated_cost: 0,
            wasted_estimated_cost: 0,
          };
          providers.set(provider, row);
        }
        row.total_submissions++;
        row.total_estimated_cost = credits(row.total_estimated_cost + record.cost);
        if (status === 'succeeded') row.used_count++;
        if (status === 'canceled') {
          row.cancelled_count++;
          row.wasted_estimated_cost = credits(row.wasted_estimated_cost + record.cost);
        }
      }
      return {
        account_id: accountId,
        usage_period_days: days,
        usage_credit_balance: creditBalance,
        usage_total_requests: inWindow.length,
        usage_total_success: success,
        usage_total_client_errors: client,
        usage_total_server_errors: server,
        usage_total_generations: created.length,
        usage_total_provider_submissions: submissions,
        usage_total_estimated_cost: credits(cost),
        usage_endpoints: [...endpoints.values()],
        usage_providers: [...providers.values()],
      };
    },
  };
}
