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

/** For the GDPR export: the personal record of work, references about the person, certificates issued. */
export async function recognitionData(db: Db, userId: string) {
  const [work, references, certificates] = await Promise.all([
    db.selectFrom('engagement_participants').select(['engagement_id', 'minutes', 'newcomer']).where('user_id', '=', userId).orderBy('engagement_id').execute(),
    db.selectFrom('engagement_references').select(['engagement_id', 'organization_id', 'text', 'skills', 'public', 'created_at', 'updated_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('certificates').select(['code', 'issued_at', 'payload']).where('user_id', '=', userId).orderBy('issued_at').execute(),
  ]);
  return {
    confirmedWork: work.map((w) => ({ engagementId: w.engagement_id, minutes: Number(w.minutes), countedAsNewcomer: Number(w.newcomer) === 1 })),
    references: references.map((r) => ({ engagementId: r.engagement_id, organizationId: r.organization_id, text: r.text, skills: JSON.parse(r.skills) as string[], public: Number(r.public) === 1, createdAt: r.created_at, updatedAt: r.updated_at })),
    certificates: certificates.map((c) => ({ code: c.code, issuedAt: c.issued_at, content: JSON.parse(c.payload) as unknown })),
  };
}
