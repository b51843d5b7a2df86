import "server-only";
import { type IncomingMessage, Server } from "node:http";
import { isIP } from "node:net";

/*
 * Where the client address comes from. Route handlers and server actions never see the socket:
 * Next only fills `x-forwarded-for` with the socket address when the header is ABSENT
 * (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`, next/dist/server/base-server.js),
 * and records nothing else (no request.ip since Next 15, no x-real-ip).
 *
 * TRUST_PROXY off: the whole chain is untrusted and we take its LAST entry. Behind a proxy
 * that appends (nginx `$proxy_add_x_forwarded_for`, most load balancers) that entry is the
 * address the proxy saw, so forging the header only adds entries to the left. With NO proxy, a
 * client that sends its own header owns every entry; installForwardedForHook() closes that gap
 * by appending the socket address before Next runs.
 *
 * TRUST_PROXY on: the proxy is trusted to OVERWRITE the header with the client's address
 * (nginx `proxy_set_header X-Forwarded-For $remote_addr`), so the left-most valid entry is it.
 */

export const UNKNOWN_IP = "unknown";

/** "::ffff:1.2.3.4" → "1.2.3.4", "[::1]:443" → "::1", "1.2.3.4:80" → "1.2.3.4"; null if not an IP. */
export function normaliseIp(raw: string): string | null {
  let value = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%.*$/, "");
  if (value.startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) ? value : null;
}

/** The address to key per-IP limits on and to write into audit rows; see the note above. */
export function clientIp(headers: Headers, trustProxy: boolean): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (trustProxy) {
    for (const entry of entries) {
      const ip = normaliseIp(entry);
      if (ip) return ip;
    }
    return UNKNOWN_IP;
  }
  // Never fall back to entries further left: those are the ones a client can write.
  const last = entries.at(-1);
  return (last && normaliseIp(last)) || UNKNOWN_IP;
}

const HOOKED = Symbol.for("tracetrack.forwardedForHook");

/**
 * Makes the last `x-forwarded-for` entry the socket address on every request of this process,
 * the way an appending proxy would, so clientIp(h, false) cannot be forged even with no proxy.
 * Call once at start (instrumentation), before the first request; returns an uninstaller.
 */
export function installForwardedForHook(serverClass: typeof Server = Server): () => void {
  const proto = serverClass.prototype as Server & { [HOOKED]?: true };
  if (proto[HOOKED]) return () => {};
  const originalEmit = proto.emit;
  const ownEmit = Object.prototype.hasOwnProperty.call(proto, "emit");
  proto.emit = function emit(this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") appendSocketAddress(args[0] as IncomingMessage);
    return Reflect.apply(originalEmit, this, [event, ...args]) as boolean;
  } as Server["emit"];
  proto[HOOKED] = true;
  return () => {
    if (ownEmit) proto.emit = originalEmit;
    else Reflect.deleteProperty(proto, "emit");
    delete proto[HOOKED];
  };
}

function appendSocketAddress(req: IncomingMessage): void {
  const socketIp = req.socket?.remoteAddress;
  if (!socketIp) return;
  const existing = req.headers["x-forwarded-for"];
  const chain = Array.isArray(existing) ? existing.join(", ") : existing;
  req.headers["x-forwarded-for"] = chain ? `${chain}, ${socketIp}` : socketIp;
}

/**
 * The host the client addressed, lower-cased: with TRUST_PROXY on, the proxy's first
 * `X-Forwarded-Host` entry (or Host); off, the Host header only, since then anyone may send an
 * `X-Forwarded-Host` of their choosing. Null when there is none.
 */
export function requestHost(headers: Headers, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwarded || headers.get("host")?.trim();
  return host ? host.toLowerCase() : null;
}
