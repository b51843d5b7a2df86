// Applies the committed migrations (the server also does this at start).
import { createDb } from "../db/client";
import { parseEnv } from "../lib/server/env";

const env = parseEnv(process.env);
const handle = createDb({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolMax: 1 });
const started = Date.now();
handle
  .migrate()
  .then(async () => {
    console.log(`migrations applied to ${handle.kind} in ${Date.now() - started} ms`);
    await handle.close();
  })
  .catch((err: unknown) => {
    console.error("migration failed:", err);
    process.exit(1);
  });
