"use client";

import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";

// Unknown and another customer's bill read the same: nothing says whether the number exists.
export default function PortalBillNotFound() {
  const t = useTranslations("portal.notFound");
  const billNumber = segmentAfter(usePathname(), "bills").slice(0, 60);
  return (
    <NotFoundNotice
      back={{ href: "/portal", label: t("yourBills") }}
      title={t("title")}
      message={t("message", { billNumber })}
      check={t("check")}
      next={{ href: `/portal?q=${encodeURIComponent(billNumber)}`, label: t("search") }}
    />
  );
}
