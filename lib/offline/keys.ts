// Idempotency keys for scans. crypto.randomUUID exists only in secure contexts (https or
// localhost); a floor PC on plain http over the LAN still has crypto.getRandomValues, so the
// same 122 random bits are drawn from it there.

type RandomSource = Pick<Crypto, "getRandomValues"> & Partial<Pick<Crypto, "randomUUID">>;

/** A fresh version-4 UUID (fits the server's key rule, IDEMPOTENCY_KEY_PATTERN in lib/schemas/scan.ts). */
export function newIdempotencyKey(source: RandomSource = globalThis.crypto): string {
  if (typeof source.randomUUID === "function") return source.randomUUID();
  const b = source.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
