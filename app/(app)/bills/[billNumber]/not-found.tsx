"use client";

import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { quotedBillNumber } from "@/lib/bill-form";
import { segmentAfter } from "@/lib/not-found";
import { normalizeBillNumber } from "@/lib/schemas/bills";

// A not-found screen gets no params: the number comes from the URL (also for /print), worded as
// GET /api/bills/[billNumber] says it.
export default function BillNotFound() {
  const t = useTranslations("bills.notFound");
  const billNumber = normalizeBillNumber(segmentAfter(usePathname(), "bills"));
  return (
    <NotFoundNotice
      back={{ href: "/bills", label: t("back") }}
      title={t("title")}
      message={t("message", { billNumber: quotedBillNumber(billNumber) })}
      check={t("check")}
      next={{ href: `/bills?q=${encodeURIComponent(billNumber)}`, label: t("next") }}
    />
  );
}
