import { z } from "zod";
import { DISPATCH_AREAS, ROLES, STAFF_ROLES } from "../domain";
import { DispatchArea, Username, UserRef } from "./auth";
import { text, textFilter } from "./text";

// The admin's user edit (form and PATCH /api/users/[id]), delete, and the list's filters.

const blankToNull = <T extends z.ZodType>(schema: T) => z.literal("").transform(() => null).or(schema);

export const StaffRole = z.enum(STAFF_ROLES, {
  message: `Role must be one of: ${STAFF_ROLES.join(", ")}. Customer accounts are managed under Admin → Customers.`,
});

/**
 * What an edit may change; a field left out stays as it is. An empty e-mail clears it; an empty
 * area (or null) means none. A role other than dispatcher drops the area.
 */
export const UpdateUserInput = UserRef.extend({
  username: Username.optional(),
  email: blankToNull(
    text("Email").max(254, "Email must be at most 254 characters.").pipe(z.email("Enter a valid email address.")),
  )
    .nullable()
    .optional(),
  role: StaffRole.optional(),
  dispatchArea: blankToNull(DispatchArea).nullable().optional(),
});
export type UpdateUserInput = z.output<typeof UpdateUserInput>;

/** Deleting (anonymising) a user; the form also asks for the username typed again. */
export const DeleteUserInput = UserRef.extend({
  confirm: text("Confirmation").max(254, "Type the username exactly.").optional(),
});

export const USER_STATUSES = ["active", "locked", "all"] as const;
export type UserStatusFilter = (typeof USER_STATUSES)[number];

/** The admin user list's filters, from the query string; every one optional. */
export const UserListFilters = z.object({
  q: textFilter("Search", 254),
  role: z.enum(ROLES).optional().catch(undefined),
  area: z.enum([...DISPATCH_AREAS, "none"]).optional().catch(undefined),
  status: z.enum(USER_STATUSES).optional().catch(undefined),
});
export type UserListFilters = z.output<typeof UserListFilters>;
