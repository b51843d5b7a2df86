import "server-only";
import { eq, sql } from "drizzle-orm";
import { gatePasses } from "@/db/schema";
import type { PassDto } from "@/lib/dto/passes";
import { RevokePassJson } from "@/lib/schemas/passes";
import { audit } from "../audit";
import { ConflictError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { passNotFound } from "./get";
import { assertMayManagePasses } from "./issue";
import { passDtoOf, selectPasses } from "./read";

/**
 * Revokes an active, unused pass with a reason (3–200 characters): the gate refuses it from then
 * on. 409 pass_used / pass_revoked / pass_expired otherwise. The pass row is locked, so a revoke
 * and the gate's admission of the same pass take turns: one of them wins, never both.
 */
export async function revokePass(ctx: ServiceContext, input: unknown): Promise<PassDto> {
  assertMayManagePasses(ctx, "revoke");
  const { code, reason } = parseInput(RevokePassJson, input);
  return ctx.db.transaction(async (tx) => {
    const [pass] = await tx
      .select({ id: gatePasses.id, code: gatePasses.code, state: gatePasses.state, usedAt: gatePasses.usedAt })
      .from(gatePasses)
      .where(eq(gatePasses.code, code))
      .limit(1)
      .for("update");
    if (!pass) throw passNotFound(code);
    if (pass.state === "revoked") throw new ConflictError("pass_revoked", `Pass ${pass.code} is already revoked.`).say({ code: pass.code });
    if (pass.usedAt) throw new ConflictError("pass_used", `Pass ${pass.code} was already used at the gate; a used pass cannot be revoked.`).say({ code: pass.code });
    if (pass.state === "expired") throw new ConflictError("pass_expired", `Pass ${pass.code} has expired (a newer pass replaced it); there is nothing to revoke.`).say({ code: pass.code });
    await tx
      .update(gatePasses)
      .set({ state: "revoked", revokedAt: sql`now()`, revokedBy: ctx.actor.id, revokeReason: reason, updatedAt: sql`now()` })
      .where(eq(gatePasses.id, pass.id));
    const [row] = await selectPasses(tx, eq(gatePasses.id, pass.id)).limit(1);
    if (!row) throw new Error(`gate pass ${code} vanished inside its own transaction`);
    await audit(tx, ctx, { action: "pass_revoked", entityType: "gate_pass", entityId: pass.code, details: { billNumber: row.billNumber, reason } });
    return passDtoOf(tx, row, { withPayload: true });
  });
}
