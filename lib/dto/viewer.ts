import type { DispatchArea, Role } from "../domain";
import type { Locale, Theme } from "../preferences";

/** What UI props get about the signed-in user: never the session token, a hash or a secret. */
export interface Viewer {
  id: string;
  username: string;
  role: Role;
  dispatchArea: DispatchArea | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  /** The person's own language and theme (null or absent: the device's). */
  locale?: Locale | null;
  theme?: Theme | null;
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
    locale: user.locale ?? null,
    theme: user.theme ?? null,
  };
}
