"use client";

import { useActionState } from "react";
import { login } from "@/app/(auth)/login/actions";
import { Field } from "@/components/ui/field";
import { INITIAL_FORM_STATE } from "@/lib/form-state";

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState(login, INITIAL_FORM_STATE);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <Field label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus errors={state.fields?.username} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={state.fields?.password} />
      <div aria-live="assertive" role="status" className="min-h-6">
        {state.message && !state.ok && (
          <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">{state.message}</p>
        )}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-700 px-4 py-3 text-base font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
