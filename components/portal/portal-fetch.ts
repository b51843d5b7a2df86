/**
 * A failed portal request: the API's own message, code and status (400 = the query itself is
 * bad); status 0 when the server could not be reached. The grid words it in the reader's language.
 */
export class PortalFetchError extends Error {
  constructor(
    message: string,
    public readonly status: number,
    /** The API's error code, when it sent one. */
    public readonly code: string | null = null,
  ) {
    super(message);
    this.name = "PortalFetchError";
  }
}

/** SWR fetcher for the portal's JSON routes: the body, or a PortalFetchError with the route's message. */
export async function fetchPortal<T>(url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
  } catch {
    throw new PortalFetchError("Could not reach the server. Check the connection and try again.", 0);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { message?: unknown; code?: unknown } } | null)?.error;
    const message = error?.message;
    throw new PortalFetchError(typeof message === "string" ? message : `Request failed (${res.status})`, res.status, typeof error?.code === "string" ? error.code : null);
  }
  return body as T;
}
