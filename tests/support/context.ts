import type { Db } from "@/db/client";
import { contextFor, type Actor, type RequestMeta, type ServiceContext } from "@/lib/server/service";

/** The request metadata DB tests act under. */
export const TEST_META: RequestMeta = { ip: "10.0.0.7", requestId: "test-request" };

/** The ServiceContext a verb gets when `actor` calls it: what contextForAction builds after the guards. */
export function ctxOf(db: Db, actor: Actor, meta: RequestMeta = TEST_META): ServiceContext {
  return contextFor(db, actor, meta);
}
