import Link from "next/link";
import type { AuditRow } from "@/lib/dto/audit";
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
const ENTITY_LABEL: Record<string, string> = { bill: "Bill", bag: "Bag", user: "User" };

/** What the row is about: "Bill B-100" linking to the bill, or the raw type and id of one since deleted. */
export function AuditEntity({ row }: { row: Pick<AuditRow, "entityType" | "entityId" | "entityName"> }) {
  if (!row.entityType) return <>—</>;
  const href = row.entityName ? ENTITY_HREF[row.entityType] : undefined;
  if (row.entityName && href) {
    return (
      <>
        {ENTITY_LABEL[row.entityType]}{" "}
        <Link href={href(row.entityName)} className={`${LINK} font-mono`}>
          {row.entityName}
        </Link>
      </>
    );
  }
  return (
    <span title={row.entityType in ENTITY_LABEL ? "No longer exists" : undefined}>
      {row.entityType} {row.entityId ?? ""}
    </span>
  );
}
