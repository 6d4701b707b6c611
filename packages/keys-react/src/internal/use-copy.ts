import { useCallback, useEffect, useRef, useState } from 'react';

/** `idle`, `copied` (for a moment after a copy), or `failed` (the clipboard said no). */
export type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies text with the async Clipboard API. It is refused on insecure origins, in some
 * embedded browsers and when permission is denied: the state becomes `failed` and the caller
 * offers the manual fallback (select the text, ask the user to press Ctrl+C).
 */
export function useCopy(resetAfterMs = 2000): [CopyState, (text: string) => Promise<CopyState>] {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = useCallback(
    async (text: string): Promise<CopyState> => {
      clearTimeout(timer.current);
      try {
        if (!globalThis.navigator?.clipboard?.writeText) throw new Error('no clipboard');
        await globalThis.navigator.clipboard.writeText(text);
        setState('copied');
        timer.current = setTimeout(() => setState('idle'), resetAfterMs);
        return 'copied';
      } catch {
        setState('failed');
        return 'failed';
      }
    },
    [resetAfterMs],
  );
  return [state, copy];
}
