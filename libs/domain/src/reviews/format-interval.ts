/**
 * Human-friendly interval labels for a client to show next to the rating buttons,
 * in the style of Anki: '1m', '10m', '6h', '1d', '3d', '2.5mo', '1.2y'.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatInterval(from: Date, to: Date): string {
  return formatDuration(to.getTime() - from.getTime());
}

/** The label of a span of `span` milliseconds (a negative span reads as none). */
export function formatDuration(span: number): string {
  const ms = Math.max(0, span);
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))}m`;
  if (ms < DAY) return `${Math.round(ms / HOUR)}h`;
  const days = ms / DAY;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trim(days / 30)}mo`;
  return `${trim(days / 365)}y`;
}

function trim(value: number): string {
  return String(Math.round(value * 10) / 10);
}
