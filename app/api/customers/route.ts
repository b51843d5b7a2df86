import { firstValues } from "@/lib/schemas/filters";
import { searchCustomers } from "@/lib/server/customers/customers";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?q=<part of a name> → {customers: [{code, name}]}: the bill form's type-ahead (≤ 20, prefix matches first). */
export const GET = defineRoute({ permission: "customers:pick" }, async (ctx, { req }) => ({
  customers: await searchCustomers(ctx, { q: firstValues(new URL(req.url).searchParams).q }),
}));
