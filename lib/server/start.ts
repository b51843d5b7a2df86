import "server-only";
import { bootstrap } from "./bootstrap";
import { getDbHandle } from "./db";
import { EnvError, getEnv } from "./env";

export async function startServer(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`[tracetrack] ${err.message}`);
      console.error("[tracetrack] refusing to start; fix the variables above (see README.md).");
      process.exit(1);
    }
    throw err;
  }
  try {
    await bootstrap(getDbHandle(), env);
  } catch (err) {
    console.error("[tracetrack] start-up failed:", err);
    process.exit(1);
  }
}
