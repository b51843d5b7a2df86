import { defineRoute } from "@/lib/server/route";
import { listUsers } from "@/lib/server/users/queries";

export const dynamic = "force-dynamic";

export const GET = defineRoute({ permission: "users:manage" }, async (ctx) => ({ users: await listUsers(ctx.db) }));
