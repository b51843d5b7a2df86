import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { audit } from "../audit";
import { ForbiddenError, NotFoundError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";

const ViewAsAccount = z.string().min(1).max(100);

/**
 * Files one `portal_view_as` audit row: an admin opened the portal as a customer account (support).
 * The /portal page calls it once per open; only admins may, and only for a customer account.
 */
export async function recordViewAs(ctx: ServiceContext, accountId: unknown): Promise<void> {
  if (ctx.actor.role !== "admin") throw new ForbiddenError("Only admins can view the portal as another account.");
  const id = parseInput(ViewAsAccount, accountId);
  const [account] = await ctx.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.id, id), eq(users.role, "customer")))
    .limit(1);
  if (!account) throw new NotFoundError("No such customer account.", "unknown_account");
  await audit(ctx.db, ctx, { action: "portal_view_as", entityType: "user", entityId: account.id, details: { email: account.email } });
}
