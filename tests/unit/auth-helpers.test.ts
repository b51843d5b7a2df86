import { describe, expect, it } from "vitest";
import { viewerOf } from "@/lib/dto/viewer";
import { safeNextPath } from "@/lib/schemas/auth";
import { redact } from "@/lib/server/audit";

describe("safeNextPath", () => {
  it.each([
    ["/bags?type=parent", "/bags?type=parent"],
    ["/admin/users", "/admin/users"],
    [undefined, "/dashboard"],
    ["", "/dashboard"],
    ["https://evil.example/", "/dashboard"],
    ["//evil.example/", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["javascript:alert(1)", "/dashboard"],
    ["/login?next=/x", "/dashboard"],
  ])("sends %j to %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});

describe("redact", () => {
  it("drops secret-looking keys at any depth and keeps the rest", () => {
    expect(
      redact({ username: "a", passwordHash: "x", nested: { totpSecret: "y", token: "z", role: "admin" }, list: [{ sessionToken: "t", id: 1 }] }),
    ).toEqual({ username: "a", nested: { role: "admin" }, list: [{ id: 1 }] });
  });
});

describe("viewerOf", () => {
  it("hands the UI who is signed in, never the session token", () => {
    const user = {
      id: "u1",
      username: "meera",
      role: "biller" as const,
      dispatchArea: null,
      totpEnabled: true,
      mustChangePassword: false,
      sessionToken: "secret-token",
      sessionCreatedAt: new Date(),
      sessionExpiresAt: new Date(),
    };
    expect(viewerOf(user)).toEqual({ id: "u1", username: "meera", role: "biller", dispatchArea: null, totpEnabled: true, mustChangePassword: false });
    expect(JSON.stringify(viewerOf(user))).not.toContain("secret-token");
  });
});
