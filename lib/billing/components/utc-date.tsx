// Billing dates are UTC by AWS's rule (months start at 00:00 UTC on the 1st): shown in UTC, and
// spelled out by hand so that server and browser render the same text whatever their locale data.
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function formatUtc(iso: string, withTime = true): string {
  const d = new Date(iso);
  const date = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (!withTime) return date;
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${date}, ${hh}:${mm} UTC`;
}

export function UtcDate({ iso, withTime = true }: { iso: string; withTime?: boolean }) {
  return (
    <time dateTime={iso} title={iso}>
      {formatUtc(iso, withTime)}
    </time>
  );
}
