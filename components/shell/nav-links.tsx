"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { currentNavItem, type NavItem } from "@/lib/navigation";

/** The main navigation; the link of the section the page is in is marked for eyes and screen readers. */
export function NavLinks({ items }: { items: NavItem[] }) {
  const t = useTranslations("shell");
  const current = currentNavItem(items, usePathname());
  return (
    <ul className="flex gap-1 max-sm:flex-col">
      {items.map((item) => {
        const here = item.href === current?.href;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={here ? "page" : undefined}
              className={`block rounded px-3 py-2 text-sm font-medium max-sm:py-3 max-sm:text-base ${here ? "bg-white text-brand-900" : "hover:bg-white/10"}`}
            >
              {t(`nav.${item.key}`)}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** Beside the brand on phones, where the navigation is folded away: the section you are in. */
export function CurrentSection({ items }: { items: NavItem[] }) {
  const t = useTranslations("shell");
  const current = currentNavItem(items, usePathname());
  if (!current) return null;
  return <span className="font-semibold text-white/80 sm:hidden">{t(`nav.${current.key}`)}</span>;
}
