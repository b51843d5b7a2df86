import type { DispatchArea, Role } from "../domain";
import type { Notice } from "./account";

/** A user as the admin list (and GET /api/users) shows them: no hashes, no secrets. */
export interface UserListItem {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  dispatchArea: DispatchArea | null;
  totpEnabled: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

/** A user as a create verb returns them. */
export interface CreatedUser {
  id: string;
  username: string;
  role: Role;
  dispatchArea: DispatchArea | null;
}

/** What an admin operation answers: a line to read out, and a temporary password shown once. */
export interface AdminNotice extends Notice {
  temporaryPassword?: string;
}

/** The admin's new-user form: who was created and their temporary password, shown once. */
export interface NewAccount extends AdminNotice {
  username: string;
  temporaryPassword: string;
}
