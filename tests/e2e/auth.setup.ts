import { test as setup } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { AUTH_DIR, DEMO, signIn, storageStateOf, type DemoUser } from "./helpers";

// Signs each demo user in once per run through the login form (the admin enrols in TOTP here,
// as a fresh database sends it to enrolment) and saves the session as storage state. Specs that
// are not about signing in start from these; auth, two-factor, password-reset and security
// specs still sign in through the form where that is what they test.

mkdirSync(AUTH_DIR, { recursive: true });

for (const who of Object.keys(DEMO) as DemoUser[]) {
  setup(`${who} signs in once and the session is saved for the other specs`, async ({ page }) => {
    await signIn(page, who);
    await page.context().storageState({ path: storageStateOf(who) });
  });
}
