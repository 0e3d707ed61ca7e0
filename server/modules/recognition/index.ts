/** The face of `recognition`: the person's record of work, references and certificates in their export and erasure. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

/** For the GDPR export: the personal record of work, references about the person, certificates issued. */
export async function personalData(ctx: AppContext, userId: string) {
  const [work, references, certificates] = await repo.personalRecordOf(ctx.db, userId);
  return {
    recognition: {
      confirmedWork: work.map((w) => ({
        engagementId: w.engagement_id,
        minutes: Number(w.minutes),
        countedAsNewcomer: Number(w.newcomer) === 1,
      })),
      references: references.map((r) => ({
        engagementId: r.engagement_id,
        organizationId: r.organization_id,
        text: r.text,
        skills: JSON.parse(r.skills) as string[],
        public: Number(r.public) === 1,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      })),
      certificates: certificates.map((c) => ({
        code: c.code,
        issuedAt: c.issued_at,
        content: JSON.parse(c.payload) as unknown,
      })),
    },
  };
}

/**
 * Erasure (GDPR art. 17): references about the person and their certificates hold their name and
 * words about them, so they go. The personal record of minutes stays (it holds only ids and
 * numbers, like the ledger), so the impact figures do not change.
 */
export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.deleteReferencesAndCertificates(trx, userId);
}
