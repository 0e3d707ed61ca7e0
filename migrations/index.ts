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
import * as m0610 from './2026_12_06_0610_add_orphaned_at.ts';
import * as m0620 from './2026_12_06_0620_create_screening_records.ts';
import * as m0630 from './2026_12_06_0630_add_engagement_proposer.ts';
import * as m0750 from './2026_12_06_0750_create_neighbour_help.ts';
import * as m0751 from './2026_12_06_0751_create_sales.ts';
import * as m0752 from './2026_12_06_0752_create_loans.ts';
import * as m0753 from './2026_12_06_0753_create_social_return.ts';
import * as m0720 from './2026_12_06_0720_create_notifications.ts';
import * as m0721 from './2026_12_06_0721_create_saved_searches.ts';
import * as m0730 from './2026_12_06_0730_add_mail_and_recovery.ts';
import * as m0700 from './2026_12_06_0700_add_findable_people.ts';
import * as m0701 from './2026_12_06_0701_create_questions.ts';
import * as m0711 from './2026_12_06_0711_create_credit_requests.ts';
import * as m0740 from './2026_12_06_0740_create_listing_translations.ts';
import * as m0741 from './2026_12_06_0741_create_helper_consents.ts';
import * as m0820 from './2026_12_06_0820_slim_ledger_journal.ts';

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
  '2026_12_06_0610_add_orphaned_at': m0610,
  '2026_12_06_0620_create_screening_records': m0620,
  '2026_12_06_0630_add_engagement_proposer': m0630,
  '2026_12_06_0750_create_neighbour_help': m0750,
  '2026_12_06_0751_create_sales': m0751,
  '2026_12_06_0752_create_loans': m0752,
  '2026_12_06_0753_create_social_return': m0753,
  '2026_12_06_0720_create_notifications': m0720,
  '2026_12_06_0721_create_saved_searches': m0721,
  '2026_12_06_0730_add_mail_and_recovery': m0730,
  '2026_12_06_0700_add_findable_people': m0700,
  '2026_12_06_0701_create_questions': m0701,
  '2026_12_06_0711_create_credit_requests': m0711,
  '2026_12_06_0740_create_listing_translations': m0740,
  '2026_12_06_0741_create_helper_consents': m0741,
  '2026_12_06_0820_slim_ledger_journal': m0820,
};
