import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Attribute, Change, Client } from "ldapts";
import { freePort } from "./ports";

// A real OpenLDAP (Debian's slapd) for the directory sign-in tests: a generated slapd.conf and
// LDIF in a temp dir, an mdb database loaded offline with slapadd, the server on a free port of
// 127.0.0.1. Nothing of the machine's own slapd service (config, data, port 389) is used.

export const SLAPD = "/usr/sbin/slapd";
const SLAPADD = "/usr/sbin/slapadd";
const SCHEMAS = ["core", "cosine", "inetorgperson", "nis"].map((s) => `/etc/ldap/schema/${s}.schema`);

export const BASE_DN = "dc=tracetrack,dc=test";
export const ROOT_DN = `cn=admin,${BASE_DN}`;
export const SERVICE_DN = `cn=tracetrack-svc,ou=services,${BASE_DN}`;
export const SERVICE_PASSWORD = "svc-secret-9";
export const ROOT_PASSWORD = "root-secret-7";
export const GROUP_BASE_DN = `ou=groups,${BASE_DN}`;

export interface DirectoryPerson {
  uid: string;
  password: string;
  mail?: string;
  groups: string[];
}

/** Whether slapd can run here (Debian's slapd + slapadd and the schema files). */
export function slapdAvailable(): boolean {
  return existsSync(SLAPD) && existsSync(SLAPADD) && SCHEMAS.every((s) => existsSync(s));
}

export const userDn = (uid: string) => `uid=${uid},ou=people,${BASE_DN}`;
export const groupDn = (cn: string) => `cn=${cn},${GROUP_BASE_DN}`;

/** RFC 2307 {SSHA}: SHA-1 over password + salt, then the salt, base64 (what slappasswd writes). */
export function sshaHash(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash("sha1").update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString("base64")}`;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function slapdConf(dir: string): string {
  return [
    ...SCHEMAS.map((s) => `include ${s}`),
    `pidfile ${dir}/slapd.pid`,
    `argsfile ${dir}/slapd.args`,
    "modulepath /usr/lib/ldap",
    "moduleload back_mdb",
    "database mdb",
    "maxsize 16777216",
    `suffix "${BASE_DN}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${dir}/data`,
    "index objectClass eq",
    "index uid,cn,mail eq",
    "index member,uniqueMember eq",
    // Passwords: only a bind may use them. Everything else: the service account reads, a user
    // reads their own entry, anonymous sees nothing (as a locked-down company directory).
    "access to attrs=userPassword by anonymous auth by * none",
    `access to * by dn.exact="${SERVICE_DN}" read by self read by * none`,
    "",
  ].join("\n");
}

function ldif(people: DirectoryPerson[], groups: string[]): string {
  const entries: string[] = [
    `dn: ${BASE_DN}\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: TraceTrack Test\ndc: tracetrack`,
    `dn: ou=people,${BASE_DN}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=services,${BASE_DN}\nobjectClass: organizationalUnit\nou: services`,
    `dn: ${GROUP_BASE_DN}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ${SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: tracetrack-svc\nuserPassword: ${sshaHash(SERVICE_PASSWORD)}`,
  ];
  for (const p of people) {
    entries.push(
      [
        `dn: ${userDn(p.uid)}`,
        "objectClass: inetOrgPerson",
        `uid: ${p.uid}`,
        `cn: ${p.uid}`,
        `sn: ${p.uid}`,
        ...(p.mail ? [`mail: ${p.mail}`] : []),
        `userPassword: ${sshaHash(p.password)}`,
      ].join("\n"),
    );
  }
  // An unrelated group every person is in, so "in some group" never means "in a mapped group".
  for (const cn of [...groups, "all-staff"]) {
    const members = people.filter((p) => cn === "all-staff" || p.groups.includes(cn)).map((p) => userDn(p.uid));
    // groupOfNames needs a member: the service account is in each, so any person can be removed.
    const listed = [SERVICE_DN, ...members];
    entries.push([`dn: ${groupDn(cn)}`, "objectClass: groupOfNames", `cn: ${cn}`, ...listed.map((m) => `member: ${m}`)].join("\n"));
  }
  return `${entries.join("\n\n")}\n`;
}

export interface Slapd {
  url: string;
  port: number;
  /** SIGSTOP: the port still accepts connections, nothing answers (a hung directory). */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** As the rootdn: puts `uid` into or out of a group. */
  setMembership(uid: string, group: string, member: boolean): Promise<void>;
  dispose(): Promise<void>;
}

/** Loads `people` into a fresh directory and starts slapd on a free port. */
export async function startSlapd(people: DirectoryPerson[], groups: string[]): Promise<Slapd> {
  const dir = mkdtempSync(path.join(tmpdir(), "tracetrack-slapd-"));
  mkdirSync(path.join(dir, "data"));
  const conf = path.join(dir, "slapd.conf");
  writeFileSync(conf, slapdConf(dir));
  writeFileSync(path.join(dir, "data.ldif"), ldif(people, groups));
  const load = spawnSync(SLAPADD, ["-f", conf, "-l", path.join(dir, "data.ldif")], { encoding: "utf8" });
  if (load.status !== 0) throw new Error(`slapadd failed: ${load.stderr}`);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = "";

  async function start() {
    // -d 0: stay in the foreground (so this process owns it) without debug output.
    child = spawn(SLAPD, ["-f", conf, "-h", `${url}/`, "-d", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`slapd did not start on ${url}: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async function stop() {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill("SIGCONT");
    const exited = new Promise((r) => running.once("exit", r));
    running.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (running.exitCode === null) running.kill("SIGKILL");
    while (await portOpen(port)) await new Promise((r) => setTimeout(r, 20));
  }
  await start();
  return {
    url,
    port,
    pause: () => void child?.kill("SIGSTOP"),
    resume: () => void child?.kill("SIGCONT"),
    stop,
    start,
    async setMembership(uid, group, member) {
      const client = new Client({ url, timeout: 5000, connectTimeout: 5000 });
      try {
        await client.bind(ROOT_DN, ROOT_PASSWORD);
        const modification = new Attribute({ type: "member", values: [userDn(uid)] });
        await client.modify(groupDn(group), new Change({ operation: member ? "add" : "delete", modification }));
      } finally {
        await client.unbind();
      }
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
