/**
 * The key as shown while hidden: its public display prefix (the part up to the last `_` and
 * 5 more characters, as in the table) and a bullet for every other character.
 */
export function maskSecret(secret: string): string {
  const visible = Math.min(secret.length, secret.lastIndexOf('_') + 6);
  return secret.slice(0, visible) + '•'.repeat(Math.max(0, secret.length - visible));
}
