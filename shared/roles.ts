import type { memberRoles } from './vocabulary.ts';

/** A person's role in an organisation. */
export type MemberRole = (typeof memberRoles)[number];

/** Roles that manage an organisation and act for it (post needs, confirm hours, invite offers). */
export const managingRoles = ['owner', 'coordinator'] as const satisfies readonly MemberRole[];
export type ManagingRole = (typeof managingRoles)[number];

/** Whether a role (or no role) manages its organisation. */
export const isManagingRole = (role: string | null | undefined): role is ManagingRole =>
  (managingRoles as readonly (string | null | undefined)[]).includes(role);
