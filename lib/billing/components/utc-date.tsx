// Billing dates are UTC by AWS's rule (months start at 00:00 UTC on the 1st): say so, in UTC.
export function UtcDate({ iso, withTime = true }: { iso: string; withTime?: boolean }) {
  const date = new Date(iso);
  const text = date.toLocaleString("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
  });
  return (
    <time dateTime={iso} title={iso}>
      {text}
      {withTime ? " UTC" : ""}
    </time>
  );
}
