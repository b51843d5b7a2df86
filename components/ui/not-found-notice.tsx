import Link from "next/link";
import { useTranslations } from "next-intl";
import { PageHeader } from "./page-header";

interface NotFoundNoticeProps {
  back: { href: string; label: string };
  title: string;
  message: string;
  /** "Check the label, or <link>" */
  check: string;
  next: { href: string; label: string };
}

/** A detail page's "not found" screen: the API's wording, and where to look instead. */
export function NotFoundNotice({ back, title, message, check, next }: NotFoundNoticeProps) {
  const t = useTranslations("shell.ui");
  return (
    <section className="space-y-5">
      <PageHeader back={back} title={title} />
      <p role="status" className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-lg font-semibold text-amber-950">
        {message}
      </p>
      <p className="text-slate-700">
        {t.rich("checkOr", {
          check,
          next: next.label,
          link: (label) => (
            <Link href={next.href} className="font-medium text-brand-700 underline">
              {label}
            </Link>
          ),
        })}
      </p>
    </section>
  );
}
