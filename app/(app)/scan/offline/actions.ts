"use server";

import { defineAction } from "@/lib/server/action";

// The offline queue asks this before it sends anything: a scan waits under the user who made it,
// and a tab still showing that user must not send it with another user's session cookie (a
// shared floor PC where someone else signed in meanwhile). Answers only the caller's own id.
export const queueOwnerAction = defineAction({ permission: "scan:pack" }, async (ctx) => ({ userId: ctx.actor.id }), {
  lost: "the waiting scans were not sent",
});
