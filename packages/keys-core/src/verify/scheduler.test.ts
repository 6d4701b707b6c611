import { describe, expect, it, vi } from 'vitest';
import { unrefScheduler } from './scheduler.js';

describe('unrefScheduler', () => {
  it('unrefs its timer so that a pending write never keeps the process alive', () => {
    const unref = vi.fn();
    vi.spyOn(globalThis, 'setTimeout').mockReturnValue({ unref } as unknown as ReturnType<
      typeof setTimeout
    >);
    unrefScheduler(() => {}, 60_000);
    expect(unref).toHaveBeenCalledOnce();
  });

  it('cancels its timer', () => {
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    const cancel = unrefScheduler(() => {}, 60_000);
    cancel();
    expect(clear).toHaveBeenCalledOnce();
  });
});
