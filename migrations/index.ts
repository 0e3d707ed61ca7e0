import type { Migration } from 'kysely';
import * as m0001 from './2026_11_26_0001_create_accounts.ts';
import * as m0100 from './2026_11_26_0100_create_listings.ts';
import * as m0200 from './2026_11_26_0200_create_ledger.ts';
import * as m0300 from './2026_11_26_0300_create_engagements.ts';
import * as m0400 from './2026_11_26_0400_create_match_rounds.ts';
import * as m1206_0520 from './2026_12_06_0520_create_restores.ts';
import * as m0530 from './2026_12_06_0530_create_rate_limits.ts';
import * as m0540 from './2026_12_06_0540_add_trust.ts';
import * as m0550 from './2026_12_06_0550_create_recognition.ts';
import * as m0600 from './2026_12_06_0600_create_organization_invitations.ts';
import * as m0601 from './2026_12_06_0601_add_round_consent.ts';
import * as m0740 from './2026_12_06_0740_create_listing_translations.ts';
import * as m0741 from './2026_12_06_0741_create_helper_consents.ts';

/**
 * Every migration, listed in code: Kysely's file provider cannot load .ts files under vitest.
 * Names sort in the order they run; add new ones at the end.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_26_0001_create_accounts': m0001,
  '2026_11_26_0100_create_listings': m0100,
  '2026_11_26_0200_create_ledger': m0200,
  '2026_11_26_0300_create_engagements': m0300,
  '2026_11_26_0400_create_match_rounds': m0400,
  '2026_12_06_0520_create_restores': m1206_0520,
  '2026_12_06_0530_create_rate_limits': m0530,
  '2026_12_06_0540_add_trust': m0540,
  '2026_12_06_0550_create_recognition': m0550,
  '2026_12_06_0600_create_organization_invitations': m0600,
  '2026_12_06_0601_add_round_consent': m0601,
  '2026_12_06_0740_create_listing_translations': m0740,
  '2026_12_06_0741_create_helper_consents': m0741,
};
