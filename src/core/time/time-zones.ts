/** True for an IANA time zone this Node knows, such as America/Toronto. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zones a member can choose from, as Intl lists them. */
export function listTimeZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}
