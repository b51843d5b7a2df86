import { NextResponse } from "next/server";
import { UndoInput } from "@/lib/schemas/scan";
import { requireUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { readJsonBody, requestMetaFrom, withErrors } from "@/lib/server/http";
import { undoLastScan } from "@/lib/server/scan/mutations";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (req: Request) => {
  const user = await requireUser();
  const input = await readJsonBody(req, UndoInput);
  const r = await undoLastScan(getDb(), user, input.parentQr, requestMetaFrom(req));
  return NextResponse.json({ undone: { childQr: r.undone.childQr }, childCount: r.childCount });
});
