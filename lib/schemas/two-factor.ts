import { z } from "zod";
import { PasswordConfirmInput, UserRef } from "./auth";
import { text } from "./text";

const ENTER_TOTP = "Enter the 6-digit code your authenticator app shows now.";

/** A current 6-digit TOTP code (spaces allowed, "123 456"); a backup code is not accepted here. */
export const CurrentTotpCode = text("Code", { missing: ENTER_TOTP })
  .min(1, ENTER_TOTP)
  .max(16, ENTER_TOTP)
  .refine((code) => /^\d{6}$/.test(code.replace(/\s/g, "")), ENTER_TOTP);

/** An admin resets another user's 2FA, confirming with their own current code. */
export const ResetTwoFactorInput = UserRef.extend({ code: CurrentTotpCode });
export type ResetTwoFactorInput = z.infer<typeof ResetTwoFactorInput>;

/** A user replaces their backup codes: their password and a current code. */
export const RegenerateBackupCodesInput = PasswordConfirmInput.extend({ code: CurrentTotpCode });
export type RegenerateBackupCodesInput = z.infer<typeof RegenerateBackupCodesInput>;
