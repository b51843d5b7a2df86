import { forbidden, notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { UserDeleteForm } from "@/components/admin/user-delete-form";
import { UserEditForm } from "@/components/admin/user-edit-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { UserRef } from "@/lib/schemas/auth";
import { readerTranslator, translator } from "@/lib/server/admin/i18n";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";
import { getEditableUser } from "@/lib/server/users/edit";

export async function generateMetadata() {
  const t = await getTranslations("users.edit");
  return { title: t("metaTitle") };
}

export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageUser();
  if (!can(viewer.role, "users:manage")) forbidden();
  const ref = UserRef.safeParse({ userId: decodeSegment((await params).id) });
  if (!ref.success) notFound();
  const user = await getEditableUser(getDb(), ref.data.userId);
  if (!user) notFound();
  // Customer accounts are edited on their own page (customers, "view portal as").
  if (user.role === "customer") redirect(`/admin/customers/${encodeURIComponent(user.id)}`);
  const self = user.id === viewer.id;
  const userPath = `/admin/users/${encodeURIComponent(user.id)}`;
  const { locale, t } = await readerTranslator("users.edit");
  const tc = translator(locale, "common");
  // "Dispatcher · Lucknow · directory sign-in"
  const subtitle = [
    tc(`roles.${user.role}`),
    ...(user.role === "dispatcher" ? [user.dispatchArea ? tc(`areas.${user.dispatchArea}`) : t("noAreaYet")] : []),
    ...(user.authSource === "ldap" ? [t("directorySignIn")] : []),
  ].join(" · ");
  return (
    <section className="space-y-8">
      <PageHeader back={{ href: userPath, label: user.username }} title={t("title", { username: user.username })} titleClassName="text-2xl [overflow-wrap:anywhere]" subtitle={subtitle} />
      {user.authSource === "ldap" && (
        <p data-testid="directory-notice" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
          {t("directoryNotice", { username: user.username })}
        </p>
      )}
      <section aria-labelledby="edit-user" className="space-y-2">
        <h2 id="edit-user" className="text-lg font-semibold">
          {t("account")}
        </h2>
        <UserEditForm user={user} isSelf={self} />
      </section>
      <section aria-labelledby="delete-user" className="space-y-2">
        <h2 id="delete-user" className="text-lg font-semibold">
          {t("delete")}
        </h2>
        {self ? <p className="text-sm text-slate-700">{t("selfDelete")}</p> : <UserDeleteForm userId={user.id} username={user.username} />}
      </section>
    </section>
  );
}
