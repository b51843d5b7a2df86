import { once } from "node:events";
import { type AddressInfo, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, outbox } from "@/db/schema";
import { sendResetLinkFor } from "@/lib/server/admin/admin-users";
import { queueMail, sendMail } from "@/lib/server/mail";
import { systemContext } from "@/lib/server/service";
import { createUser } from "@/lib/server/users/mutations";
import { ctxOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
const received: { envelope: string[]; data: string }[] = [];
let server: Server;
/** How long the fake server waits before it greets: a slow mail server. */
let greetingDelayMs = 0;

/** Just enough SMTP to accept messages (no TLS offered, so nodemailer sends in clear). */
function startFakeSmtp(): Server {
  return createServer((socket) => {
    let buffer = "";
    let message: { envelope: string[]; data: string } = { envelope: [], data: "" };
    let inData = false;
    setTimeout(() => socket.write("220 fake.test ESMTP\r\n"), greetingDelayMs);
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf("\r\n"); i >= 0; i = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            received.push(message);
            message = { envelope: [], data: "" };
            socket.write("250 2.0.0 queued\r\n");
          } else message.data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "MAIL" || verb === "RCPT") message.envelope.push(line);
        if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
        } else socket.write("250 ok\r\n");
      }
    });
  });
}

beforeAll(async () => {
  server = startFakeSmtp();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  // getEnv() reads the environment on first use, which comes after this.
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.MAIL_FROM = "TraceTrack Test <no-reply@tracetrack.test>";
});
afterAll(() => server.close());

describe("sendMail with SMTP_URL set", () => {
  it("delivers over SMTP from MAIL_FROM and keeps nothing in the outbox", async () => {
    await sendMail(db().db, { to: "alice@example.com", subject: "Hello\r\nBcc: victim@example.com", text: "Line one\nLine two" });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.envelope).toEqual(["MAIL FROM:<no-reply@tracetrack.test>", "RCPT TO:<alice@example.com>"]);
    expect(mail?.data).toMatch(/^From: TraceTrack Test <no-reply@tracetrack\.test>$/m);
    expect(mail?.data).toMatch(/^Subject: Hello Bcc: victim@example\.com$/m);
    expect(mail?.data).not.toMatch(/^Bcc:/m);
    expect(mail?.data).toContain("Line one");
    expect(await db().db.select().from(outbox)).toHaveLength(0);
  });

  it("sends a mail's secrets whole: only the outbox masks them", async () => {
    const secret = "s3cret-token-".padEnd(43, "q");
    await sendMail(db().db, { to: "bob@example.com", subject: "Reset", text: `https://track.example/reset-password/${secret}`, secrets: [secret] });
    // A long line goes out quoted-printable: soft line breaks ("=" at a line's end) undone.
    expect(received.at(-1)?.data.replace(/=\n/g, "")).toContain(secret);
  });

  it("queues a mail without waiting for a slow mail server, and still delivers it", async () => {
    const before = received.length;
    greetingDelayMs = 1500;
    try {
      const started = performance.now();
      await queueMail(db().db, { to: "carol@example.com", subject: "Locked", text: "Your account was locked." });
      expect(performance.now() - started).toBeLessThan(500);
      await vi.waitFor(() => expect(received).toHaveLength(before + 1), { timeout: 10_000, interval: 100 });
    } finally {
      greetingDelayMs = 0;
    }
    expect(received.at(-1)?.envelope).toEqual(["MAIL FROM:<no-reply@tracetrack.test>", "RCPT TO:<carol@example.com>"]);
  });

  it("mails an admin's reset link to the user over SMTP, whole, and audits it", async () => {
    const admin = await makeUser(db().db, "admin");
    const ctx = ctxOf(db().db, { id: admin.id, username: admin.username, role: "admin", dispatchArea: null });
    const user = await createUser(systemContext(db().db), { username: "mailed-user", email: "mu@example.com", password: "factory-pass-1", role: "biller" });
    expect(await sendResetLinkFor(ctx, { userId: user.id })).toEqual({ username: "mailed-user" });
    // mailResetLink waits for delivery only up to its timing floor (a slow mail server must not
    // tell "exists" from "doesn't"); on a loaded machine the mail can land just after it returns.
    await vi.waitFor(() => expect(received.at(-1)?.envelope).toContain("RCPT TO:<mu@example.com>"), { timeout: 10_000, interval: 50 });
    const mail = received.at(-1);
    expect(mail?.data.replace(/=\n/g, "")).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/);
    const [row] = await db().db.select().from(auditLog).where(eq(auditLog.action, "password_reset_link_sent"));
    expect(row).toMatchObject({ userId: admin.id, entityId: user.id });
  });
});
