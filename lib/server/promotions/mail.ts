import "server-only";
import type { Db } from "@/db/client";
import { formatRole } from "@/lib/domain";
import { appUrlOf } from "../env";
import { queueMail } from "../mail";

export interface DecisionMail {
  to: string;
  username: string;
  status: "approved" | "rejected";
  requestedRole: "biller" | "admin";
  note: string | null;
  decidedBy: string;
}

/** The requester's mail about the decision on their promotion request. */
export function decisionMailText(mail: DecisionMail): { subject: string; text: string } {
  const role = formatRole(mail.requestedRole);
  const approved = mail.status === "approved";
  const lines = [
    `Hello ${mail.username},`,
    "",
    approved
      ? `Your request to become ${role} in TraceTrack was approved by ${mail.decidedBy}.`
      : `Your request to become ${role} in TraceTrack was not approved (decided by ${mail.decidedBy}).`,
  ];
  if (mail.note) lines.push("", `Note: ${mail.note}`);
  lines.push(
    "",
    approved
      ? `You were signed out everywhere; sign in again at ${appUrlOf()}/login to work as ${role}.${mail.requestedRole === "admin" ? " Admins must set up two-factor authentication at their first sign-in." : ""}`
      : `You can see the decision on your profile (${appUrlOf()}/profile) and ask again there.`,
  );
  return { subject: approved ? `Your promotion to ${role} was approved` : `Your promotion request to ${role} was not approved`, text: lines.join("\n") };
}

/** Mails the decision; false when it failed (logged): the decision stands, the profile shows it. */
export async function mailPromotionDecision(db: Db, mail: DecisionMail): Promise<boolean> {
  try {
    await queueMail(db, { to: mail.to, ...decisionMailText(mail) });
    return true;
  } catch (err) {
    console.error("[mail] promotion decision mail failed:", err);
    return false;
  }
}
