/** True when `zone` is an IANA time zone the runtime knows (America/New_York, UTC, Europe/Berlin …). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
