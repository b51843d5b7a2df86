import "server-only";
import type { PassDto } from "@/lib/dto/passes";
import { can } from "@/lib/permissions";
import { PassCodeJson } from "@/lib/schemas/passes";
import { ForbiddenError, NotFoundError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { readPass } from "./read";

export function passNotFound(code: string): NotFoundError {
  return new NotFoundError(`No gate pass ${code.slice(0, 40)}.`, "pass_not_found").say({ code: code.slice(0, 40) });
}

export function assertMayViewPasses(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "passes:view")) throw new ForbiddenError("You do not have permission to see gate passes.").say({}, "pass_view_forbidden");
}

/** One pass by its code (any case); the signed payload only for those who may issue and print passes. */
export async function getPass(ctx: ServiceContext, input: unknown): Promise<PassDto> {
  assertMayViewPasses(ctx);
  const { code } = parseInput(PassCodeJson, input);
  const pass = await readPass(ctx.db, code, { withPayload: can(ctx.actor.role, "passes:manage") });
  if (!pass) throw passNotFound(code);
  return pass;
}
