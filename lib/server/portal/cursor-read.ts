import "server-only";
import type { SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cursorBatches as readCursorBatches, CURSOR_STALL_MS } from "../cursor-read";
import { portalRead } from "./read";

export { CURSOR_STALL_MS };

/** The portal's rows through the shared cursor reader (lib/server/cursor-read.ts), read in portalRead (the read-only role). */
export function cursorBatches<T extends Record<string, unknown>>(db: Db, query: SQL, size = 1000, stallMs = CURSOR_STALL_MS): AsyncGenerator<T[], void, unknown> {
  return readCursorBatches<T>(db, query, size, stallMs, portalRead);
}
