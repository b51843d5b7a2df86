"use server";

import { defineAction } from "@/lib/server/action";
import { sendEodNow } from "@/lib/server/reports/eod-mail";

/** "Send now" (admins): mails the day's summary to every admin and biller with an e-mail. */
export const sendEodNowAction = defineAction({ permission: "reports:eod_send" }, (ctx, date: unknown) => sendEodNow(ctx, { date }));
