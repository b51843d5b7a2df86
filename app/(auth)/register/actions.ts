"use server";

import { redirect } from "next/navigation";
import { definePublicAction } from "@/lib/server/action";
import { formFields } from "@/lib/form-state";
import { isHoneypotFilled } from "@/lib/server/honeypot";
import { REGISTERED_PATH, registerUser } from "@/lib/server/users/register";

// Public by design (when REGISTRATION=open): closed answers 404; limit, honeypot and the unique
// checks live in registerUser. A bot (honeypot) is sent on exactly like a person. A refusal gives
// the typed username and email back so the form keeps them (never the passwords).
export const createAccount = definePublicAction(
  async (ctx, _prev: unknown, form: unknown) => {
    const fields = formFields(form);
    await registerUser(ctx, { ...fields, honeypot: isHoneypotFilled(fields) });
    return redirect(REGISTERED_PATH);
  },
  {
    form: {},
    echo: (_prev, form) => {
      const { username, email } = formFields(form, ["username", "email"]);
      return { username: username?.slice(0, 64), email: email?.slice(0, 254) };
    },
  },
);
