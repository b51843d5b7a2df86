import type { Db } from "@/db/client";
import type { DispatchArea, Role } from "@/lib/domain";
import { createUser } from "@/lib/server/users/mutations";

let seq = 0;
/** A user with a unique name; password "factory-pass-1". */
export async function makeUser(db: Db, role: Role = "dispatcher", area: DispatchArea | undefined = role === "dispatcher" ? "lucknow" : undefined) {
  seq += 1;
  const username = `${role}_${process.pid}_${seq}`;
  return createUser(db, { username, password: "factory-pass-1", role, dispatchArea: area });
}
