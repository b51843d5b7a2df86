import { z } from "zod";
import { NewPassword, Username } from "./auth";
import { text } from "./text";

// Self-registration (/register, DESIGN.md §4): the staff username rules, a required e-mail kept
// lower-case (unique case-insensitively in the database), and the password policy typed twice.

// "system" is the audit log's name for the CLI and maintenance; the others would pass for staff
// in charge. Reserved here only: admins may still create them.
const RESERVED_USERNAMES = new Set(["system", "admin", "administrator", "root"]);

export const RegisterInput = z
  .object({
    username: Username.refine((u) => !RESERVED_USERNAMES.has(u.toLowerCase()), "That username is reserved; choose another."),
    email: text("Email", { missing: "Enter your email address." })
      .min(1, "Enter your email address.")
      .max(254, "Email must be at most 254 characters.")
      .pipe(z.email("Enter a valid email address."))
      .transform((s) => s.toLowerCase()),
    password: NewPassword,
    confirm: text("Password confirmation", { trim: false, missing: "Type the password again." }).max(128, "Password is too long."),
    /** The form's hidden honeypot came back filled (set by the action, never typed). */
    honeypot: z.boolean().optional(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords do not match." });
export type RegisterInput = z.output<typeof RegisterInput>;
