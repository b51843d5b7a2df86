"use server";

import { redirect } from "next/navigation";
import { formFields } from "@/lib/form-state";
import { echoIssuePassForm, ISSUE_PASS_FIELDS } from "@/lib/pass-form";
import { passHref } from "@/lib/routes";
import { defineAction } from "@/lib/server/action";
import { issuePass } from "@/lib/server/passes/issue";

/** The issue form: checked by issuePass's schema; on success the new pass's page opens. */
export const issuePassAction = defineAction(
  { permission: "passes:manage" },
  async (ctx, _prev: unknown, formData: FormData) => {
    const pass = await issuePass(ctx, formFields(formData, ISSUE_PASS_FIELDS));
    redirect(passHref(pass.code));
  },
  { form: {}, lost: "the pass was not issued", echo: (_prev, formData) => echoIssuePassForm(formData) },
);
