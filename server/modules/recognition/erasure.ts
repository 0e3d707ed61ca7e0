import type { Db } from '../../db/create-db.ts';

/**
 * Erasure (GDPR art. 17): references about the person and their certificates hold their name and
 * words about them, so they go. The personal record of minutes stays (it holds only ids and
 * numbers, like the ledger), so the impact figures do not change.
 */
export async function eraseRecognition(trx: Db, userId: string): Promise<void> {
  await trx.deleteFrom('engagement_references').where('user_id', '=', userId).execute();
  await trx.deleteFrom('certificates').where('user_id', '=', userId).execute();
}
