import { describe, expect, it } from "vitest";
import {
  cnOfDn,
  directoryName,
  escapeFilterValue,
  isSearchableName,
  parseGroupRoles,
  placementFromGroups,
  printable,
  userFilter,
  userFilterProblem,
} from "@/lib/directory";
import { directoryConfig } from "@/lib/server/auth/ldap-client";
import { EnvError, parseEnv } from "@/lib/server/env";

const DIRECTORY = {
  LDAP_URL: "ldaps://dc1.corp.example:636",
  LDAP_BASE_DN: "dc=corp,dc=example",
  LDAP_BIND_DN: "cn=svc,dc=corp,dc=example",
  LDAP_BIND_PASSWORD: "svc-password",
  LDAP_GROUP_ROLES: "tt-admins=admin,tt-billers=biller,tt-lucknow=dispatcher:lucknow",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
}

describe("directoryName", () => {
  it("trims DOMAIN\\user and user@domain to the user name", () => {
    expect(directoryName("CORP\\jdoe")).toBe("jdoe");
    expect(directoryName("jdoe@corp.example")).toBe("jdoe");
    expect(directoryName("  jdoe  ")).toBe("jdoe");
    expect(directoryName("CORP\\jdoe@corp.example")).toBe("jdoe");
    expect(directoryName("jdoe")).toBe("jdoe");
  });

  it("leaves what has no user part as typed, for the name check to refuse", () => {
    expect(directoryName("@corp.example")).toBe("@corp.example");
    expect(directoryName("CORP\\")).toBe("CORP\\");
    expect(isSearchableName(directoryName("@corp.example"))).toBe(false);
    expect(isSearchableName(directoryName("CORP\\"))).toBe(false);
  });

  it("accepts 3–64 characters without control characters", () => {
    expect(isSearchableName("jdoe")).toBe(true);
    expect(isSearchableName("jo")).toBe(false);
    expect(isSearchableName("x".repeat(65))).toBe(false);
    expect(isSearchableName("jd\u0000oe")).toBe(false);
    expect(isSearchableName("jd\toe")).toBe(false);
    expect(isSearchableName("jd\u007foe")).toBe(false);
    expect(printable("jd\u0000oe\n")).toBe("jd?oe?");
  });
});

describe("escapeFilterValue (RFC 4515)", () => {
  it("escapes the filter's own characters as \\XX and nothing else", () => {
    expect(escapeFilterValue("*)(uid=*")).toBe("\\2a\\29\\28uid=\\2a");
    expect(escapeFilterValue("\\2a")).toBe("\\5c2a");
    expect(escapeFilterValue("a\u0000b")).toBe("a\\00b");
    expect(escapeFilterValue("admin)(|(uid=*")).toBe("admin\\29\\28|\\28uid=\\2a");
    expect(escapeFilterValue("Ünïcode o'brien")).toBe("Ünïcode o'brien");
  });

  it("puts the escaped name into every {user} of the filter", () => {
    expect(userFilter("(|(uid={user})(sAMAccountName={user}))", "*")).toBe("(|(uid=\\2a)(sAMAccountName=\\2a))");
  });

  it("accepts only one parenthesised filter naming {user}", () => {
    expect(userFilterProblem("(|(uid={user})(sAMAccountName={user}))")).toBeNull();
    expect(userFilterProblem("(&(objectClass=person)(uid={user}))")).toBeNull();
    expect(userFilterProblem("(uid=jdoe)")).toMatch(/\{user\}/);
    expect(userFilterProblem("uid={user}")).toMatch(/parentheses/);
    expect(userFilterProblem("(uid={user}))")).toMatch(/without/);
    expect(userFilterProblem("((uid={user})")).toMatch(/without/);
  });
});

describe("the group → role map", () => {
  it("reads group=role and group=dispatcher:area, case-insensitively", () => {
    expect(parseGroupRoles("TT-Admins=admin, tt-billers=Biller;tt-lucknow=dispatcher:lucknow")).toEqual({
      ok: true,
      value: [
        { group: "tt-admins", role: "admin", dispatchArea: null },
        { group: "tt-billers", role: "biller", dispatchArea: null },
        { group: "tt-lucknow", role: "dispatcher", dispatchArea: "lucknow" },
      ],
    });
  });

  it("names each bad entry", () => {
    const result = parseGroupRoles("tt-x=dispatcher,tt-y=dispatcher:mumbai,tt-z=owner,tt-b=biller:lucknow,nonsense,tt-a=admin,tt-a=biller");
    expect(result.ok).toBe(false);
    const text = result.ok ? "" : result.problems.join("\n");
    expect(text).toContain('"tt-x=dispatcher": a dispatcher needs an area');
    expect(text).toContain('"mumbai" is not a dispatch area');
    expect(text).toContain('"tt-z=owner": the role must be one of admin, biller, dispatcher');
    expect(text).toContain('"tt-b=biller:lucknow": only a dispatcher has an area');
    expect(text).toContain('entry "nonsense" must look like group=role');
    expect(text).toContain("the group tt-a is mapped twice");
  });

  it("gives the strongest role a user's groups map to, the first dispatcher group's area, or null", () => {
    const map = parseGroupRoles("tt-lucknow=dispatcher:lucknow,tt-indore=dispatcher:indore,tt-billers=biller,tt-admins=admin");
    if (!map.ok) throw new Error("map");
    expect(placementFromGroups(["TT-Billers", "tt-admins", "staff"], map.value)).toEqual({ role: "admin", dispatchArea: null, group: "tt-admins" });
    expect(placementFromGroups(["tt-lucknow", "tt-billers"], map.value)).toMatchObject({ role: "biller" });
    expect(placementFromGroups(["tt-indore", "tt-lucknow"], map.value)).toEqual({ role: "dispatcher", dispatchArea: "lucknow", group: "tt-lucknow" });
    expect(placementFromGroups(["staff"], map.value)).toBeNull();
  });

  it("reads a group's CN from its DN (memberOf)", () => {
    expect(cnOfDn("CN=tt-admins,OU=Groups,DC=corp,DC=example")).toBe("tt-admins");
    expect(cnOfDn("cn=Sales\\, North,ou=groups,dc=x")).toBe("Sales, North");
    expect(cnOfDn("ou=groups,dc=x")).toBeNull();
  });
});

describe("the directory configuration", () => {
  it("is off without LDAP_URL", () => {
    expect(directoryConfig(parseEnv({}))).toBeNull();
  });

  it("is read with its defaults (filter for OpenLDAP and Active Directory, 5 s timeout, groups under the base)", () => {
    expect(directoryConfig(parseEnv(DIRECTORY))).toEqual({
      url: "ldaps://dc1.corp.example:636",
      baseDn: "dc=corp,dc=example",
      groupBaseDn: "dc=corp,dc=example",
      bindDn: "cn=svc,dc=corp,dc=example",
      bindPassword: "svc-password",
      userFilter: "(|(uid={user})(sAMAccountName={user}))",
      groupRoles: [
        { group: "tt-admins", role: "admin", dispatchArea: null },
        { group: "tt-billers", role: "biller", dispatchArea: null },
        { group: "tt-lucknow", role: "dispatcher", dispatchArea: "lucknow" },
      ],
      timeoutMs: 5000,
    });
  });

  it("names every missing or bad variable", () => {
    expect(problems({ LDAP_URL: "ldap://dc1" })).toEqual([
      expect.stringMatching(/^LDAP_BASE_DN is required when LDAP_URL is set/),
      expect.stringMatching(/^LDAP_BIND_DN is required/),
      expect.stringMatching(/^LDAP_BIND_PASSWORD is required/),
      expect.stringMatching(/^LDAP_GROUP_ROLES is required/),
    ]);
    expect(problems({ ...DIRECTORY, LDAP_URL: "http://dc1" })).toEqual(["LDAP_URL must start with ldap:// or ldaps://"]);
    expect(problems({ ...DIRECTORY, LDAP_GROUP_ROLES: "tt-lucknow=dispatcher" })[0]).toMatch(/^LDAP_GROUP_ROLES entry "tt-lucknow=dispatcher": a dispatcher needs an area/);
    expect(problems({ ...DIRECTORY, LDAP_USER_FILTER: "(uid=jdoe)" })[0]).toMatch(/^LDAP_USER_FILTER must contain \{user\}/);
    expect(problems({ ...DIRECTORY, LDAP_TIMEOUT_MS: "50" })[0]).toMatch(/^LDAP_TIMEOUT_MS/);
    // An empty bind password would be an anonymous bind.
    expect(problems({ ...DIRECTORY, LDAP_BIND_PASSWORD: "" })[0]).toMatch(/^LDAP_BIND_PASSWORD is required/);
  });

  it("refuses open self-registration beside a directory (a stranger could take a directory user's name first)", () => {
    expect(problems({ ...DIRECTORY, REGISTRATION: "open" })).toEqual([expect.stringMatching(/^REGISTRATION cannot be open while LDAP_URL is set/)]);
    expect(problems({ ...DIRECTORY, REGISTRATION: "closed" })).toEqual([]);
    expect(problems({ REGISTRATION: "open" })).toEqual([]);
  });
});
