"use client";
// Times are stored in UTC and shown in the viewer's own zone.
export function Time({ iso, relative = false }: { iso: string; relative?: boolean }) {
  const date = new Date(iso);
  const text = relative ? relativeTime(date) : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={iso} title={date.toISOString()} suppressHydrationWarning>
      {text}
    </time>
  );
}

function relativeTime(date: Date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const fmt = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return fmt.format(seconds, "second");
  if (abs < 3600) return fmt.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return fmt.format(Math.round(seconds / 3600), "hour");
  return fmt.format(Math.round(seconds / 86400), "day");
}
