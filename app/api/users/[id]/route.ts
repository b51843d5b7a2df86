import { ValidationError } from "@/lib/server/errors";
import { defineRoute } from "@/lib/server/route";
import { deleteUser } from "@/lib/server/users/anonymise";
import { updateUser } from "@/lib/server/users/edit";

export const dynamic = "force-dynamic";

/** `{username?, email?, role?, dispatchArea?}` → `{user}`; 409 duplicate_username, duplicate_email, own_role, last_admin, area_full, directory_managed; 400 area_required. */
export const PATCH = defineRoute<{ id: string }>({ permission: "users:manage" }, async (ctx, { params, json }) => {
  const body = await json();
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ValidationError("Send a JSON object: {username?, email?, role?, dispatchArea?}.");
  }
  // The path names the user as `id`; the verb reads `userId`.
  return { user: await updateUser(ctx, { ...body, userId: params.id }) };
});

/** Deletes (anonymises) the user → 204; 409 own_account, last_admin; 404 unknown_user. */
export const DELETE = defineRoute<{ id: string }>({ permission: "users:manage" }, async (ctx, { params }) => {
  await deleteUser(ctx, { userId: params.id });
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
