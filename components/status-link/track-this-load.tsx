import { useLocale, useTranslations } from "next-intl";
import type { PrintedStatusLink } from "@/lib/dto/status-link";
import { formatDateTime } from "@/lib/format";

/**
 * The printed "Track this load" QR of a bill's public status link (dispatch sheet, gate pass):
 * whoever scans it sees whether the load has left, without signing in. `imageClassName` sizes the
 * code for its paper; "beside" puts the caption to the code's right, so the block is no taller than it.
 */
export function TrackThisLoad({
  link,
  imageClassName,
  className = "",
  layout = "stacked",
}: {
  link: PrintedStatusLink;
  imageClassName: string;
  className?: string;
  layout?: "stacked" | "beside";
}) {
  const t = useTranslations("statusLink.track");
  const locale = useLocale();
  const beside = layout === "beside";
  return (
    <figure className={`flex shrink-0 items-center ${beside ? "flex-row gap-3 text-left" : "flex-col text-center"} ${className}`} data-testid="track-this-load">
      {/* A data: URL made on the server; next/image adds nothing for a one-off SVG. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={link.qrImage} alt={t("alt")} width={120} height={120} className={`shrink-0 ${imageClassName}`} />
      <figcaption className={beside ? "text-xs leading-snug" : "text-[8px] leading-tight"}>
        <span className={`block font-bold ${beside ? "text-sm" : "text-[10px]"}`}>{t("title")}</span>
        {beside && <span className="block">{t("hint")}</span>}
        <span className="block" data-testid="track-this-load-expiry">
          {t("caption", { at: formatDateTime(link.expiresAt, locale) })}
        </span>
      </figcaption>
    </figure>
  );
}
