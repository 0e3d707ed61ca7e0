/** The face of `helpers` (help on someone's behalf) for other modules: its personal data. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

export async function personalData(ctx: AppContext, userId: string) {
  return repo.personalData(ctx.db, userId);
}

export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.erasePersonalData(trx, userId);
}
