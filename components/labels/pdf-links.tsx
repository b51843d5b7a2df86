import { useTranslations } from "next-intl";
import { formatLabelRange, labelPdfHref, LABEL_FORMATS } from "@/lib/labels";

const LINK = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-semibold text-brand-700 hover:bg-slate-50";

/** "A4 sheet" and "Thermal 50×25" downloads of one reservation (each print is audited). */
export function PdfLinks({ id, first, last }: { id: number; first: string; last: string }) {
  const t = useTranslations("labels");
  const range = formatLabelRange(first, last);
  return (
    <div className="flex flex-wrap gap-2">
      {LABEL_FORMATS.map((format) => (
        <a
          key={format}
          href={labelPdfHref(id, format)}
          download
          className={LINK}
          aria-label={t("pdfLabel", { format: t(`formats.${format}`), range })}
          data-testid={`labels-pdf-${format}`}
        >
          {t(`formats.${format}`)}
        </a>
      ))}
    </div>
  );
}
