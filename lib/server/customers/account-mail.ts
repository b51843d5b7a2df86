import "server-only";
import type { Db } from "@/db/client";
import { appUrlOf } from "../env";
import { sendMail } from "../mail";

export const WELCOME_SUBJECT = "Your TraceTrack customer portal account";
export const RESET_SUBJECT = "Your TraceTrack customer portal password was reset";

interface AccountMail {
  email: string;
  name: string | null;
  temporaryPassword: string;
}

function body(intro: string, account: AccountMail): string {
  return [
    `Hello ${account.name ?? account.email},`,
    "",
    intro,
    "",
    `Sign in at: ${appUrlOf()}/login`,
    `Email: ${account.email}`,
    `Temporary password: ${account.temporaryPassword}`,
    "",
    "You will be asked to choose your own password at first sign-in.",
  ].join("\n");
}

/**
 * Mails a customer account its sign-in address, e-mail and temporary password. Over SMTP the
 * password goes in clear; in the outbox (no SMTP) it is masked, as no admin may read a live
 * credential there: the admin screen shows it once instead. False when the mail failed (logged):
 * the account stands, and the admin hands over the password shown on screen.
 */
export async function mailAccountPassword(db: Db, kind: "welcome" | "reset", account: AccountMail): Promise<boolean> {
  const intro =
    kind === "welcome"
      ? "An account for the TraceTrack customer portal has been created for you. There you can follow your dispatches."
      : "The password of your TraceTrack customer portal account was reset by an administrator.";
  try {
    await sendMail(db, {
      to: account.email,
      subject: kind === "welcome" ? WELCOME_SUBJECT : RESET_SUBJECT,
      text: body(intro, account),
      secrets: [account.temporaryPassword],
    });
    return true;
  } catch (err) {
    console.error(`[mail] ${kind} mail to a customer account failed:`, err);
    return false;
  }
}
