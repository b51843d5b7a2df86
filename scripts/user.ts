// Ops CLI: create users and set passwords, validated by the same schemas as the app.
//   npm run user:create -- --username U --role R [--area A] --password P [--email E]
//   npm run user:create -- --role customer --email E --password P (--customer NAME … | --all-customers) [--name N]
//   npm run user:set-password -- --username U --password P [--must-change]
// With the embedded database, stop the server first: a PGlite directory has one owner.
import { parseArgs } from "node:util";
import { createDb } from "../db/client";
import { systemContext } from "../lib/server/service";
import { parseEnv } from "../lib/server/env";
import { AppError } from "../lib/server/errors";
import { createUser, setPassword } from "../lib/server/users/mutations";
import { insertCustomerAccount } from "../lib/server/customers/accounts";

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: "string" },
      role: { type: "string" },
      area: { type: "string" },
      password: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      customer: { type: "string", multiple: true },
      "all-customers": { type: "boolean", default: false },
      "must-change": { type: "boolean", default: false },
    },
    strict: true,
  });
  const env = parseEnv(process.env);
  const handle = createDb({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolMax: 2 });
  const ctx = systemContext(handle.db);
  try {
    await handle.migrate();
    if (command === "create" && values.role === "customer") {
      // A customer account signs in with its e-mail; the customers are created when new.
      const account = await insertCustomerAccount(
        ctx,
        { email: values.email, name: values.name, customers: values.customer ?? [], allCustomers: values["all-customers"] },
        values.password ?? "",
        { mustChangePassword: values["must-change"] },
      );
      const scope = account.allCustomers ? "all customers" : account.customers.join(", ");
      console.log(`created customer account "${account.email}" for ${scope}`);
    } else if (command === "create") {
      const user = await createUser(ctx, {
        username: values.username,
        role: values.role,
        dispatchArea: values.area,
        password: values.password,
        email: values.email,
      });
      console.log(`created ${user.role} "${user.username}"${user.dispatchArea ? ` in ${user.dispatchArea}` : ""}`);
    } else if (command === "set-password") {
      const user = await setPassword(ctx, { username: values.username, password: values.password, mustChange: values["must-change"] });
      console.log(`password set for "${user.username}"`);
    } else {
      throw new Error(`unknown command "${command ?? ""}" (use create or set-password)`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof AppError) {
    console.error(`error: ${err.message}`);
    for (const [field, messages] of Object.entries(err.fields ?? {})) {
      console.error(`  --${field === "dispatchArea" ? "area" : field}: ${messages.join(" ")}`);
    }
  } else {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
