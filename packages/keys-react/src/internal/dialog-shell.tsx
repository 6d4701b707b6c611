import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { cx } from './cx.js';

/** Radix's controllable triple, taken by every dialog of the kit. */
export interface DialogStateProps {
  /** Controlled open state. */
  open?: boolean;
  /** Initial open state when uncontrolled. @default false */
  defaultOpen?: boolean;
  /** Called when the dialog asks to open or close. */
  onOpenChange?: (open: boolean) => void;
  /**
   * Radix's hook for where focus goes on close (call `event.preventDefault()` and focus your
   * element). By default it returns to the `Dialog.Trigger`, if any.
   */
  onCloseAutoFocus?: (event: Event) => void;
}

interface DialogShellProps extends DialogStateProps {
  /** Names the dialog for styling: `data-dialog` on the content. */
  name: string;
  title: ReactNode;
  description: ReactNode;
  children: ReactNode;
  /** An element that opens the dialog (wrapped in `Dialog.Trigger asChild`). */
  trigger?: ReactNode;
  /** When false, Escape and outside clicks do not close it (only its own buttons do). */
  dismissible?: boolean;
  className?: string;
  overlayClassName?: string;
  /** Shown on the content element, e.g. `aria-busy` while submitting. */
  busy?: boolean;
}

const prevent = (event: Event) => event.preventDefault();

/**
 * Overlay + content + title + description, the frame every dialog of the kit shares. Title and
 * Description are always rendered (radix #3855: without them screen readers announce nothing
 * and Radix warns).
 */
export function DialogShell(props: DialogShellProps) {
  const dismissible = props.dismissible ?? true;
  return (
    <Dialog.Root
      open={props.open}
      defaultOpen={props.defaultOpen}
      onOpenChange={props.onOpenChange}
    >
      {props.trigger ? <Dialog.Trigger asChild>{props.trigger}</Dialog.Trigger> : null}
      <Dialog.Portal>
        <Dialog.Overlay
          data-slot="dialog-overlay"
          className={cx('bsk-overlay', props.overlayClassName)}
        />
        <Dialog.Content
          data-slot="dialog-content"
          data-dialog={props.name}
          className={cx('bsk-dialog', props.className)}
          aria-busy={props.busy || undefined}
          onEscapeKeyDown={dismissible ? undefined : prevent}
          onInteractOutside={dismissible ? undefined : prevent}
          onCloseAutoFocus={props.onCloseAutoFocus}
        >
          <div className="bsk-dialog-header" data-slot="dialog-header">
            <Dialog.Title data-slot="dialog-title" className="bsk-dialog-title">
              {props.title}
            </Dialog.Title>
            <Dialog.Description data-slot="dialog-description" className="bsk-dialog-description">
              {props.description}
            </Dialog.Description>
          </div>
          {props.children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A Radix `Dialog.Close` for buttons that just close. */
export const DialogClose = Dialog.Close;
