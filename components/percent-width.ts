// Bar widths as classes, not style attributes: the Content-Security-Policy refuses inline styles
// (lib/http/security-headers.js). app/globals.css generates w-[0%] to w-[100%].

/** The width class for `part` of `whole` (whole percents; 0 when whole is 0). */
export function percentWidthClass(part: number, whole: number): string {
  const percent = whole > 0 ? Math.min(100, Math.max(0, Math.round((part / whole) * 100))) : 0;
  return `w-[${percent}%]`;
}
