import "server-only";
import { desc } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";
import { getEnv } from "./env";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface OutboxItem {
  id: string;
  to: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt: Date | null;
}

type SmtpTransport = ReturnType<typeof nodemailer.createTransport>;
const globalForMail = globalThis as typeof globalThis & { __tracetrackSmtp?: { url: string; transport: SmtpTransport } };

function smtpTransport(url: string): SmtpTransport {
  if (globalForMail.__tracetrackSmtp?.url !== url) {
    globalForMail.__tracetrackSmtp = { url, transport: nodemailer.createTransport(url) };
  }
  return globalForMail.__tracetrackSmtp.transport;
}

/**
 * Sends a plain-text mail: over SMTP when SMTP_URL is set, otherwise into the outbox table,
 * where an admin can read it (zero-setup installs have no mail server).
 */
export async function sendMail(db: Db, message: MailMessage): Promise<void> {
  const env = getEnv();
  // Header values never carry line breaks (header injection); bodies may.
  const to = message.to.replace(/[\r\n]+/g, " ").trim();
  const subject = message.subject.replace(/[\r\n]+/g, " ").trim().slice(0, 200);
  if (env.SMTP_URL) {
    await smtpTransport(env.SMTP_URL).sendMail({ from: env.MAIL_FROM, to, subject, text: message.text });
    return;
  }
  await db.insert(outbox).values({ to, subject, body: message.text });
}

/** The newest mails held in the outbox, for the admin screen. */
export async function listOutbox(db: Db, limit = 50): Promise<OutboxItem[]> {
  return db
    .select({
      id: outbox.id,
      to: outbox.to,
      subject: outbox.subject,
      body: outbox.body,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .orderBy(desc(outbox.createdAt))
    .limit(Math.min(Math.max(1, Math.trunc(limit)), 500));
}
