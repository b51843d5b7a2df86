import Link from "next/link";
import { useTranslations } from "next-intl";
import { AUDIT_ACTIONS, type AuditAction, type AuditRow } from "@/lib/dto/audit";
import { bagHref, billHref } from "@/lib/routes";

const LINK = "text-brand-700 underline";

/** The admin user list, scrolled to (and highlighting) one user's row. */
export function userRowHref(username: string): string {
  return `/admin/users#${userRowId(username)}`;
}
/** The id of a user's row on the admin user list (usernames are letters, digits, dot, dash, underscore). */
export function userRowId(username: string): string {
  return `user-${username}`;
}

const isAuditAction = (action: string): action is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(action);

/**
 * An audit action as people read it, above the code it is stored and filtered by (the code
 * stays English: it is what the filter, the exports and the API use). An unknown code stands alone.
 */
export function AuditActionName({ action }: { action: string }) {
  const t = useTranslations("admin.audit.actions");
  if (!isAuditAction(action)) return <span className="font-mono text-xs">{action}</span>;
  return (
    <>
      <span>{t(action)}</span>
      <span className="block font-mono text-xs text-slate-500">{action}</span>
    </>
  );
}

/** Who acted: their current username as a link, else the name the row recorded, else "—". */
export function AuditActor({ row }: { row: Pick<AuditRow, "actorUsername" | "actor"> }) {
  if (row.actorUsername) {
    return (
      <Link href={userRowHref(row.actorUsername)} className={LINK}>
        {row.actorUsername}
      </Link>
    );
  }
  return <>{row.actor ?? "—"}</>;
}

const ENTITY_HREF: Record<string, (name: string) => string> = { bill: billHref, bag: bagHref, user: userRowHref };
const ENTITY_KINDS = ["bill", "bag", "user"] as const;
const isEntityKind = (type: string): type is (typeof ENTITY_KINDS)[number] => (ENTITY_KINDS as readonly string[]).includes(type);

/** What the row is about: "Bill B-100" linking to the bill, or the raw type and id of one since deleted. */
export function AuditEntity({ row }: { row: Pick<AuditRow, "entityType" | "entityId" | "entityName"> }) {
  const t = useTranslations("admin.audit.entities");
  if (!row.entityType) return <>—</>;
  const href = row.entityName ? ENTITY_HREF[row.entityType] : undefined;
  if (row.entityName && href && isEntityKind(row.entityType)) {
    return (
      <>
        {t(row.entityType)}{" "}
        <Link href={href(row.entityName)} className={`${LINK} font-mono`}>
          {row.entityName}
        </Link>
      </>
    );
  }
  return (
    <span title={isEntityKind(row.entityType) ? t("gone") : undefined}>
      {row.entityType} {row.entityId ?? ""}
    </span>
  );
}
