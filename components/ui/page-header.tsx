import Link from "next/link";

/**
 * A page's heading block: an optional "← back" link, the title, a subtitle, and actions on the
 * right (wrapping under the title on narrow screens).
 */
export function PageHeader({
  title,
  subtitle,
  back,
  actions,
  titleClassName = "text-2xl",
}: {
  title: React.ReactNode;
  subtitle?: React.ReactNode;
  back?: { href: string; label: string };
  actions?: React.ReactNode;
  /** Size and font of the <h1> (e.g. "font-mono text-3xl break-all" for a QR). */
  titleClassName?: string;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        {back && (
          <Link href={back.href} className="text-sm font-medium text-brand-700 hover:underline">
            ← {back.label}
          </Link>
        )}
        <h1 className={`${back ? "mt-1 " : ""}font-bold ${titleClassName}`}>{title}</h1>
        {subtitle && <p className="text-sm text-slate-600">{subtitle}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-3">{actions}</div>}
    </div>
  );
}
