/** A key's public prefix as the table, the search and the confirm dialogs show it: `bye_a1B2c...`. */
export function displayPrefix(prefix: string): string {
  return `${prefix}...`;
}
