/** Bullets shown for the hidden part: a fixed count, so the mask fits and says nothing. */
const BULLETS = '•'.repeat(24);

/**
 * The key as shown while hidden: its public display prefix (up to the last `_` and 5 more
 * characters, as in the table) followed by bullets.
 */
export function maskSecret(secret: string): string {
  const visible = Math.min(secret.length, secret.lastIndexOf('_') + 6);
  return secret.slice(0, visible) + BULLETS;
}
