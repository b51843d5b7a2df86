"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/server/action";
import { deleteBag } from "@/lib/server/bags/delete";

/** Admins: deletes the bag; the answer says what it changed (the page then shows that notice). */
export const deleteBagAction = defineAction({ permission: "bags:delete" }, async (ctx, qr: unknown) => {
  const result = await deleteBag(ctx, { qr });
  revalidatePath("/bags");
  return result;
});
