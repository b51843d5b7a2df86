import Bowser from "bowser";

/** What a session list shows for a user agent it cannot read (a script, a scanner, junk). */
export const UNKNOWN_DEVICE = "Unknown browser";

/**
 * A user-agent string as a person reads it: "Chrome 131 on Android", "Firefox 133 on Windows".
 * Null for none; the raw string stays available to show on hover.
 */
export function describeUserAgent(userAgent: string | null): string | null {
  const ua = userAgent?.trim();
  if (!ua) return null;
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(ua);
  } catch {
    return UNKNOWN_DEVICE;
  }
  const major = parsed.browser.version?.split(".")[0];
  const browser = parsed.browser.name ? [parsed.browser.name, major].filter(Boolean).join(" ") : null;
  const os = parsed.os.name ?? null;
  if (browser && os) return `${browser} on ${os}`;
  if (browser) return browser;
  return os ? `${UNKNOWN_DEVICE} on ${os}` : UNKNOWN_DEVICE;
}
