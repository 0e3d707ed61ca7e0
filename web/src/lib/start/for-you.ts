import type { User } from '../../../../shared/schemas/accounts.ts';

/** The parts of a profile that suggestions are made from. */
export const profileParts = ['skills', 'postcode', 'languages'] as const;
export type ProfilePart = (typeof profileParts)[number];

/**
 * Why "Voor jou" is empty, so it can say so: the profile parts still missing (suggestions are made
 * from them), or none missing, when nothing open fits right now.
 */
export function missingForSuggestions(user: Pick<User, 'skills' | 'postcode' | 'languages'>): ProfilePart[] {
  return profileParts.filter((part) => (part === 'postcode' ? !user.postcode : user[part].length === 0));
}
