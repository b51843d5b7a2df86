// Runs once when a server instance starts, before it serves requests: validate config,
// migrate, bootstrap the admin. A bad config stops the process with the variable named.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server/ops/start");
  await startServer();
}
