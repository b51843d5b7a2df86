import type { Metadata } from "next";
import { forbidden, notFound, redirect } from "next/navigation";
import { UserDeleteForm } from "@/components/admin/user-delete-form";
import { UserEditForm } from "@/components/admin/user-edit-form";
import { PageHeader } from "@/components/ui/page-header";
import { formatArea, formatRole } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { UserRef } from "@/lib/schemas/auth";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { decodeSegment } from "@/lib/server/route";
import { getEditableUser } from "@/lib/server/users/edit";

export const metadata: Metadata = { title: "Edit user" };

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
  return (
    <section className="space-y-8">
      <PageHeader
        back={{ href: userPath, label: user.username }}
        title={`Edit ${user.username}`}
        titleClassName="text-2xl [overflow-wrap:anywhere]"
        subtitle={`${formatRole(user.role)}${user.role === "dispatcher" ? ` · ${user.dispatchArea ? formatArea(user.dispatchArea) : "no area yet (cannot scan)"}` : ""}${
          user.authSource === "ldap" ? " · directory sign-in" : ""
        }`}
      />
      {user.authSource === "ldap" && (
        <p data-testid="directory-notice" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
          Role follows directory groups: {user.username} signs in through the directory, which sets their role and area at every sign-in.
        </p>
      )}
      <section aria-labelledby="edit-user" className="space-y-2">
        <h2 id="edit-user" className="text-lg font-semibold">
          Account
        </h2>
        <UserEditForm user={user} isSelf={self} />
      </section>
      <section aria-labelledby="delete-user" className="space-y-2">
        <h2 id="delete-user" className="text-lg font-semibold">
          Delete user
        </h2>
        {self ? (
          <p className="text-sm text-slate-700">You cannot delete your own account; ask another admin.</p>
        ) : (
          <UserDeleteForm userId={user.id} username={user.username} />
        )}
      </section>
    </section>
  );
}
