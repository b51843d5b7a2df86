import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { PublicStatusShell, PublicStatusView, StatusLinkRefusal } from "@/components/status-link/public-status-view";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";
import { lookUpStatusLink } from "@/lib/server/status-link/lookup";

// The token is in the path: no referrer carries it on, no search engine keeps it (proxy.ts also
// sends Referrer-Policy: no-referrer and X-Robots-Tag for /status/*).
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("statusLink.public");
  return { title: t("metaTitle"), referrer: "no-referrer", robots: { index: false, follow: false } };
}

/**
 * A bill's public status (issue 18), for anyone holding its signed link, signed in or not. A link
 * that is not valid, expired or whose bill is gone answers 404 (./not-found.tsx says which); too
 * many look-ups from one address say so here. The language is the reader's (cookie, else the
 * browser's Accept-Language).
 */
export default async function StatusPage({ params }: { params: Promise<{ token: string }> }) {
  const token = decodeSegment((await params).token);
  const lookup = await lookUpStatusLink({ db: getDb(), meta: await actionMeta() }, token);
  if (!lookup.ok && lookup.code !== "rate_limited") notFound();
  return <PublicStatusShell>{lookup.ok ? <PublicStatusView status={lookup.status} /> : <StatusLinkRefusal refusal={lookup} />}</PublicStatusShell>;
}
