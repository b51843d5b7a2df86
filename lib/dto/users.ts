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
  /** "ldap": signs in through the directory, whose groups set the role. */
  authSource: "local" | "ldap";
  deactivatedAt: Date | null;
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

/** The fields of the admin's new-user form a refusal hands back, so the form keeps them. */
export const NEW_USER_FIELDS = ["username", "email", "role", "dispatchArea"] as const;
export type NewUserField = (typeof NEW_USER_FIELDS)[number];
/** What a refused new-user form carries back: the typed values (there is no password to echo). */
export interface NewUserEcho {
  values: Partial<Record<NewUserField, string>>;
}

/** One user as the admin's edit page and PATCH /api/users/[id] show them. */
export interface EditableUser {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  dispatchArea: DispatchArea | null;
  /** "ldap": the role and area follow the directory's groups. */
  authSource: "local" | "ldap";
}

/** What deleting (anonymising) a user answers: the pseudonym the account keeps. */
export interface DeletedUser {
  id: string;
  pseudonym: string;
}
