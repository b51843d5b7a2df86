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
  /**
   * Values in `text` that work like a password (a reset token): sent over SMTP, but masked in the
   * outbox, which nothing sends from. It is for admins to read, and must not hand them a way in.
   */
  secrets?: string[];
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

/** "••••…" and the last 4 characters: enough to tell two links apart, useless to open one. */
export function maskSecret(secret: string): string {
  return `••••…${secret.slice(-4)}`;
}

// Reset links kept by versions that stored them in clear are masked when read.
const RESET_LINK_TOKEN = /(\/reset-password\/)([A-Za-z0-9_-]{8,})/g;

/** A mail body as the outbox may show it: no reset link (or other listed secret) in clear. */
export function maskForOutbox(text: string, secrets: string[] = []): string {
  const listed = secrets.filter((s) => s.length > 0).reduce((body, secret) => body.split(secret).join(maskSecret(secret)), text);
  return listed.replace(RESET_LINK_TOKEN, (_all, path: string, token: string) => `${path}${maskSecret(token)}`);
}

/** Whether mail leaves this server (SMTP_URL); without it, mail only lands in the outbox, masked. */
export function mailLeavesServer(): boolean {
  return Boolean(getEnv().SMTP_URL);
}

/**
 * Sends a plain-text mail: over SMTP when SMTP_URL is set, otherwise into the outbox table,
 * where an admin can read it (zero-setup installs have no mail server), secrets masked.
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
  await db.insert(outbox).values({ to, subject, body: maskForOutbox(message.text, message.secrets) });
}

/**
 * sendMail for answers whose timing must not depend on a mail server (a lockout notice must not
 * make a locked account's answer slower): the outbox row is written before this returns; an SMTP
 * send goes on after it, and a failure is logged.
 */
export async function queueMail(db: Db, message: MailMessage): Promise<void> {
  const delivery = sendMail(db, message).catch((err: unknown) => console.error("[mail] delivery failed:", err));
  if (!getEnv().SMTP_URL) await delivery;
}

/** The newest mails held in the outbox, for the admin screen; reset links masked. */
export async function listOutbox(db: Db, limit = 50): Promise<OutboxItem[]> {
  const rows = await db
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
  return rows.map((row) => ({ ...row, body: maskForOutbox(row.body) }));
}
