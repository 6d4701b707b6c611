/**
 * Validation results of the stand-in: a value, or the refusal to answer with. Handlers turn a
 * refusal into the error envelope with `error.details.field` naming what was wrong.
 */
import type { V1ErrorSpec } from './errors.js';

/** Why an input was refused: which error, which field, in words a caller can act on. */
export interface Refusal {
  ok: false;
  error: V1ErrorSpec;
  field: string;
  message: string;
}

/** A validated value or a {@link Refusal}. */
export type Checked<T> = { ok: true; value: T } | Refusal;

/** Builds a {@link Refusal}; `message` is prefixed with the field, as the kit's validator does. */
export function refuse(error: V1ErrorSpec, field: string, message: string): Refusal {
  return { ok: false, error, field, message: `${field}: ${message}` };
}
