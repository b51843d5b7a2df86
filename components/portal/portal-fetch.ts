/** A failed portal request: the API's own message and status (400 = the query itself is bad). */
export class PortalFetchError extends Error {
  constructor(
    message: string,
    public readonly status: number,
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
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new PortalFetchError(typeof message === "string" ? message : `Request failed (${res.status})`, res.status);
  }
  return body as T;
}
