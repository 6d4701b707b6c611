/** Input validation shared by the Add dialog and the engine: issues, not exceptions. */
export {
  type CreateKeyInput,
  type ValidateCreateKeyOptions,
  type ValidCreateKeyInput,
  validateCreateKeyInput,
} from './create-key-input.js';
export {
  DEFAULT_GRACE_HOURS,
  GRACE_HOURS,
  type GraceHours,
  validateExpiry,
  validateGraceHours,
} from './expiry.js';
export { countGraphemes, MAX_NAME_LENGTH, validateName } from './name.js';
export { fieldIssue, type Result } from './result.js';
