import { describe, expect, it } from "vitest";
import { pendingDuty } from "@/lib/server/auth/guards";
import { openPending, passwordFingerprint, PENDING_2FA_TTL_MS, signPending } from "@/lib/server/auth/pending-2fa";

describe("duties a signed-in user may owe", () => {
  const admin = { role: "admin" as const, totpEnabled: false, mustChangePassword: false };
  it("sends an admin without 2FA to enrolment unless the caller is enrolment itself", () => {
    expect(pendingDuty(admin)).toBe("2fa_setup");
    expect(pendingDuty(admin, { allowMissing2fa: true })).toBeNull();
    expect(pendingDuty({ ...admin, totpEnabled: true })).toBeNull();
    expect(pendingDuty({ ...admin, role: "biller" })).toBeNull();
  });

  it("puts a temporary password first, before enrolment", () => {
    expect(pendingDuty({ ...admin, mustChangePassword: true })).toBe("password_change");
    expect(pendingDuty({ ...admin, mustChangePassword: true }, { allowPasswordChange: true })).toBe("2fa_setup");
    expect(pendingDuty({ ...admin, role: "dispatcher", mustChangePassword: true }, { allowPasswordChange: true })).toBeNull();
  });
});

describe("the pending-2FA cookie", () => {
  const secret = "s".repeat(40);
  const claims = { userId: "u1", pw: passwordFingerprint("$2b$10$hash"), expiresAt: Date.now() + PENDING_2FA_TTL_MS, nonce: "n" };

  it("opens with the secret that signed it, within five minutes", () => {
    expect(openPending(signPending(claims, secret), secret)).toEqual(claims);
    expect(openPending(signPending(claims, secret), secret, claims.expiresAt + 1)).toBeNull();
    expect(openPending(signPending(claims, secret), "t".repeat(40))).toBeNull();
  });

  it("refuses a tampered user id or a garbled value", () => {
    const [payload, signature] = signPending(claims, secret).split(".");
    const forged = Buffer.from(JSON.stringify({ ...claims, userId: "admin" })).toString("base64url");
    expect(openPending(`${forged}.${signature}`, secret)).toBeNull();
    expect(openPending(`${payload}`, secret)).toBeNull();
    expect(openPending("a.b.c", secret)).toBeNull();
  });

  it("changes with the password hash, so a reset voids a pending sign-in", () => {
    expect(passwordFingerprint("$2b$10$one")).not.toBe(passwordFingerprint("$2b$10$two"));
  });
});
