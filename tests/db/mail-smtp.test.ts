import { once } from "node:events";
import { type AddressInfo, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "@/db/schema";
import { sendMail } from "@/lib/server/mail";
import { setupTestDb } from "../support/db";

const db = setupTestDb();
const received: { envelope: string[]; data: string }[] = [];
let server: Server;

/** Just enough SMTP to accept messages (no TLS offered, so nodemailer sends in clear). */
function startFakeSmtp(): Server {
  return createServer((socket) => {
    let buffer = "";
    let message: { envelope: string[]; data: string } = { envelope: [], data: "" };
    let inData = false;
    socket.write("220 fake.test ESMTP\r\n");
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
});
