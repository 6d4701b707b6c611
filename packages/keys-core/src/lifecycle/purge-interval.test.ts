import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../storage/memory-adapter.js';
import { testEngine } from '../test-support/test-engine.js';

const MINUTE = 60_000;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function engineWith(options: { purgeIntervalMs?: number; onError?: (error: unknown) => void }) {
  const storage = createMemoryStorage();
  const purge = vi.spyOn(storage, 'purgeUsageLogs');
  const engine = testEngine({ ...options, storage, logRetentionMs: 1000 });
  return { engine, purge };
}

describe('purgeIntervalMs', () => {
  it('is off by default: nothing is purged however long the engine runs', async () => {
    const { engine, purge } = engineWith({});
    await vi.advanceTimersByTimeAsync(365 * 24 * 60 * MINUTE);
    expect(purge).not.toHaveBeenCalled();
    await engine.keys.close();
  });

  it('purges every interval, older than logRetentionMs by the engine clock', async () => {
    const { engine, purge } = engineWith({ purgeIntervalMs: MINUTE });
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(purge).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(purge).toHaveBeenCalledOnce();
    expect(purge).toHaveBeenLastCalledWith(engine.clock.now() - 1000);
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(purge).toHaveBeenCalledTimes(3);
    await engine.keys.close();
  });

  it('uses an unref’d timer, so that it never keeps a process alive', async () => {
    const unref = vi.fn();
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      callback: () => void,
      delay: number,
    ) => {
      const timer = realSetTimeout(callback, delay);
      return Object.assign(timer, { unref });
    }) as unknown as typeof setTimeout);
    const { engine } = engineWith({ purgeIntervalMs: MINUTE });
    expect(spy).toHaveBeenCalledWith(expect.any(Function), MINUTE);
    expect(unref).toHaveBeenCalled();
    spy.mockRestore();
    await engine.keys.close();
  });

  it('reports a failed purge to onError and keeps purging', async () => {
    const onError = vi.fn();
    const { engine, purge } = engineWith({ purgeIntervalMs: MINUTE, onError });
    purge.mockRejectedValueOnce(new Error('disk full'));
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(purge).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenCalledOnce();
    await engine.keys.close();
  });

  it('stops on close()', async () => {
    const { engine, purge } = engineWith({ purgeIntervalMs: MINUTE });
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(purge).toHaveBeenCalledOnce();
    await engine.keys.close();
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(purge).toHaveBeenCalledOnce();
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([-1, 1.5, Number.NaN, '60000'])('refuses %j', (value) => {
    expect(() => engineWith({ purgeIntervalMs: value as number })).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIGURATION',
        message: expect.stringContaining('purgeIntervalMs'),
      }),
    );
  });
});
