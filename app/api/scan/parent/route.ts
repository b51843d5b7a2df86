import { NextResponse } from "next/server";
import { ScanParentInput } from "@/lib/schemas/scan";
import { requireUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { readJsonBody, requestMetaFrom, withErrors } from "@/lib/server/http";
import { scanParent } from "@/lib/server/scan/mutations";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (req: Request) => {
  const user = await requireUser();
  const input = await readJsonBody(req, ScanParentInput);
  const { parent } = await scanParent(getDb(), user, input.qr, requestMetaFrom(req));
  const { qr, type, status, childCount, capacity, created } = parent;
  return NextResponse.json({ parent: { qr, type, status, childCount, capacity, created } });
});
