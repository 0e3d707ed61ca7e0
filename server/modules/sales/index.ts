/** The face of `sales`: the person's own purchases, for their data export and erasure. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

/** What they bought as a resident (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  const purchases = await repo.purchasesOf(ctx.db, userId);
  return {
    purchases: purchases.map((s) => ({
      id: s.id,
      service: s.offer_title,
      seller: s.seller_name,
      status: s.status,
      priceCents: s.price_cents,
      message: s.message,
      createdAt: s.created_at,
    })),
  };
}

/** Erasure: messages written with orders go; amounts and statuses stay. */
export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.eraseMessagesOf(trx, userId);
}
