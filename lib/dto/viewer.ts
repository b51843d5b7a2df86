import type { DispatchArea, Role } from "../domain";

/** What UI props get about the signed-in user: never the session token, a hash or a secret. */
export interface Viewer {
  id: string;
  username: string;
  role: Role;
  dispatchArea: DispatchArea | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
}

/** Only the viewer's fields of a (server-side) session user, so no token travels in a prop. */
export function viewerOf(user: Viewer): Viewer {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    dispatchArea: user.dispatchArea,
    totpEnabled: user.totpEnabled,
    mustChangePassword: user.mustChangePassword,
  };
}
