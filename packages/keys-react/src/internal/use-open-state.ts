import { useCallback, useState } from 'react';
import type { DialogStateProps } from './dialog-shell.js';

/**
 * Radix's controllable open state: follows `open` when given, else keeps its own (starting at
 * `defaultOpen`); `onOpenChange` hears every change either way. Dialogs that close themselves
 * (after a successful submit) need it to work uncontrolled too.
 */
export function useOpenState(props: DialogStateProps): [boolean, (open: boolean) => void] {
  const [own, setOwn] = useState(props.defaultOpen ?? false);
  const controlled = props.open !== undefined;
  const { onOpenChange } = props;
  const setOpen = useCallback(
    (next: boolean) => {
      if (!controlled) setOwn(next);
      onOpenChange?.(next);
    },
    [controlled, onOpenChange],
  );
  return [controlled ? (props.open as boolean) : own, setOpen];
}
