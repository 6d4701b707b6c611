import type { ListOptions } from '../types.js';

/** The page size when `ListOptions.limit` is not given (see `ListOptions`). */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Newest first: by time descending, then by id descending, so that rows written in the same
 * millisecond still come back in one stable order on every adapter.
 */
export function compareNewestFirst(aTime: number, aId: string, bTime: number, bId: string): number {
  if (aTime !== bTime) return bTime - aTime;
  if (aId === bId) return 0;
  return aId < bId ? 1 : -1;
}

/**
 * One page of rows that are already sorted newest first: only rows strictly older than
 * `before`, at most `limit` of them.
 */
export function pageNewestFirst<T>(
  rows: readonly T[],
  timeOf: (row: T) => number,
  options: ListOptions | undefined,
): T[] {
  const limit = options?.limit ?? DEFAULT_PAGE_SIZE;
  const before = options?.before;
  const page: T[] = [];
  for (const row of rows) {
    if (page.length >= limit) break;
    if (before !== undefined && timeOf(row) >= before) continue;
    page.push(row);
  }
  return page;
}
