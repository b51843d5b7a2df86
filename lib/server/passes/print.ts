import "server-only";
import { eq, sql } from "drizzle-orm";
import { gatePasses } from "@/db/schema";
import type { PassDto } from "@/lib/dto/passes";
import { PassCodeJson } from "@/lib/schemas/passes";
import { audit } from "../audit";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { passNotFound } from "./get";
import { assertMayManagePasses } from "./issue";
import { passDtoOf, selectPasses } from "./read";

/**
 * Records one print of a pass (the print page calls it): print_count + 1 and a pass_printed audit
 * row, and answers the pass with its payload for the QR. A pass in any state may be printed (the
 * page marks a revoked or used one; the gate refuses it anyway).
 */
export async function recordPassPrint(ctx: ServiceContext, input: unknown): Promise<PassDto> {
  assertMayManagePasses(ctx, "print");
  const { code } = parseInput(PassCodeJson, input);
  return ctx.db.transaction(async (tx) => {
    const [printed] = await tx
      .update(gatePasses)
      .set({ printCount: sql`${gatePasses.printCount} + 1` })
      .where(eq(gatePasses.code, code))
      .returning({ id: gatePasses.id, printCount: gatePasses.printCount });
    if (!printed) throw passNotFound(code);
    const [row] = await selectPasses(tx, eq(gatePasses.id, printed.id)).limit(1);
    if (!row) throw new Error(`gate pass ${code} vanished inside its own transaction`);
    await audit(tx, ctx, { action: "pass_printed", entityType: "gate_pass", entityId: row.code, details: { billNumber: row.billNumber, copy: printed.printCount } });
    return passDtoOf(tx, row, { withPayload: true });
  });
}
