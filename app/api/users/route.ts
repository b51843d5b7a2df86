import { NextResponse } from "next/server";
import { requireRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { withErrors } from "@/lib/server/http";
import { listUsers } from "@/lib/server/users/queries";

export const GET = withErrors(async () => {
  await requireRole("admin");
  return NextResponse.json({ users: await listUsers(getDb()) });
});
