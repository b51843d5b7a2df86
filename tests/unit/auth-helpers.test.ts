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
    ["/LOGIN", "/dashboard"],
    ["/2fa/setup?next=/profile", "/2fa/setup?next=/profile"],
    // Browsers drop TAB, LF and CR inside a URL: "/\t/evil.example" would land on //evil.example.
    ["/\t/evil.example/phish", "/dashboard"],
    ["/\n/evil.example", "/dashboard"],
    ["/\r/evil.example", "/dashboard"],
    ["/\x0b/evil.example", "/dashboard"],
    ["/\x0c/evil.example", "/dashboard"],
    ["/\x00/evil.example", "/dashboard"],
    ["/\x7f/evil.example", "/dashboard"],
    ["/bags\\..\\..\\evil", "/dashboard"],
    ["https:", "/dashboard"],
    ["https:evil.example", "/dashboard"],
    ["%2F%2Fevil.example", "/dashboard"],
    // Still encoded, it stays a path of this site (a 404 here), never another host.
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/./bags/../bills?q=1#top", "/bills?q=1#top"],
    ["/..//evil.example", "/dashboard"],
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
      locale: "hi" as const,
      theme: null,
      sessionToken: "secret-token",
      sessionCreatedAt: new Date(),
      sessionExpiresAt: new Date(),
    };
    // The person's language and theme travel too (issue 19: the header's menus show them).
    expect(viewerOf(user)).toEqual({
      id: "u1",
      username: "meera",
      role: "biller",
      dispatchArea: null,
      totpEnabled: true,
      mustChangePassword: false,
      locale: "hi",
      theme: null,
    });
    expect(JSON.stringify(viewerOf(user))).not.toContain("secret-token");
  });
});
