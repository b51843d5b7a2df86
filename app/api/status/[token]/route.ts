import { NextResponse } from "next/server";
import { requestMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { decodeSegment, withErrors } from "@/lib/server/route";
import { lookUpStatusLink, statusLinkResponse } from "@/lib/server/status-link/lookup";

export const dynamic = "force-dynamic";

// A bill's public status (issue 18), for anyone holding its signed link: no session, 60 look-ups a
// minute per IP. 200 `{status}`; 400 invalid_link, 410 expired_link, 404 not_found, 429 rate_limited.
export const GET = withErrors(async (req: Request, segment?: { params: Promise<{ token: string }> }) => {
  const token = decodeSegment((await segment?.params)?.token ?? "");
  const { status, body, headers } = statusLinkResponse(await lookUpStatusLink({ db: getDb(), meta: requestMeta(req) }, token));
  return NextResponse.json(body, {
    status,
    headers: { ...headers, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow" },
  });
});
