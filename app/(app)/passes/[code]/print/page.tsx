import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { PrintButton } from "@/components/bills/print-button";
import { PrintedPass, type PassPaper } from "@/components/passes/printed-pass";
import { formatCount } from "@/lib/format";
import { mayBePassCode } from "@/lib/pass-form";
import { can } from "@/lib/permissions";
import { passHref } from "@/lib/routes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { companyHeaderOf } from "@/lib/server/bills/dispatch-sheet";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { recordPassPrint } from "@/lib/server/passes/print";
import { qrSvgDataUrl } from "@/lib/server/qr-image";
import { decodeSegment } from "@/lib/server/route";
import { contextFor } from "@/lib/server/service";
import { printedStatusLinkOfBill } from "@/lib/server/status-link/link";

type Params = Promise<{ code: string }>;
type SearchParams = Promise<{ paper?: string | string[] }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("passes.printPage");
  return { title: t("metaTitle", { code: decodeSegment((await params).code).slice(0, 40) }) };
}

const PAGE_CSS: Record<PassPaper, string> = {
  a5: "@media print { @page { size: A5 portrait; margin: 8mm; } }",
  a4: "@media print { @page { size: A4 portrait; margin: 12mm; } }",
};

/** This response's CSP nonce (proxy.ts puts the policy on the request): an inline <style> needs it. */
async function styleNonce(): Promise<string | undefined> {
  const csp = (await headers()).get("content-security-policy") ?? "";
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
}

/**
 * The printable pass: one A5 sheet (`?paper=a4` for A4). Rendering it records a print (a reload
 * is another copy); links here never prefetch it.
 */
export default async function PassPrintPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "passes:manage")) forbidden();
  const paperParam = (await searchParams).paper;
  const paper: PassPaper = (Array.isArray(paperParam) ? paperParam[0] : paperParam) === "a4" ? "a4" : "a5";
  const code = decodeSegment((await params).code);
  if (!mayBePassCode(code)) notFound();
  const ctx = contextFor(getDb(), user, await actionMeta());
  const pass = await recordPassPrint(ctx, { code }).catch((err: unknown) => {
    if (err instanceof AppError && (err.status === 404 || err.status === 400)) notFound();
    throw err;
  });
  if (!pass.payload) throw new Error(`gate pass ${pass.code} came without its payload`);
  const qrImage = await qrSvgDataUrl(pass.payload);
  // A fresh public status link per print, working STATUS_LINK_DAYS from now.
  const track = (await printedStatusLinkOfBill(getDb(), pass.billNumber)) ?? undefined;
  const href = passHref(pass.code, "print");
  const other: PassPaper = paper === "a5" ? "a4" : "a5";
  const t = await getTranslations("passes.printPage");

  return (
    <article className="mx-auto max-w-4xl space-y-4 print:max-w-none print:space-y-0">
      <style nonce={await styleNonce()}>{PAGE_CSS[paper]}</style>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-3 print:hidden">
        <Link href={passHref(pass.code)} className="text-sm font-medium text-brand-700 hover:underline">
          ← {t("back")}
        </Link>
        <PrintButton />
        <Link
          href={other === "a4" ? `${href}?paper=a4` : href}
          prefetch={false}
          className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50"
        >
          {other === "a4" ? t("useA4") : t("useA5")}
        </Link>
        <p className="text-sm text-slate-600">
          {t("pageCopy", { paper: paper.toUpperCase(), copy: formatCount(pass.printCount, await getLocale()) })}
        </p>
      </div>
      <PrintedPass pass={pass} qrImage={qrImage} company={companyHeaderOf(getEnv())} paper={paper} printedAt={new Date()} printedBy={user.username} track={track} />
    </article>
  );
}
