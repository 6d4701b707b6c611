const TIME = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "Nov 27, 14:03:09" in the viewer's time zone. */
export function formatTime(ms: number): string {
  return TIME.format(ms);
}

/** The exact ISO time, for `title` and `dateTime` attributes. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** An error's message, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
