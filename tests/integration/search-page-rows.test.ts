import { expect, it } from 'vitest';
import { findNeedsByIds, findOffersByIds } from '../../server/modules/listings/index.ts';
import { pageNeeds, pageOffers } from '../../server/modules/listings/page-rows.ts';
import { describeEachDialect } from '../helpers/app.ts';
import { buildWorld } from '../helpers/world.ts';

/**
 * Issue 15: a search page's rows come from one prepared statement with the ids as one JSON text
 * (`page-rows.ts`; on SQLite raw arrays made into rows). They must be exactly the rows
 * `findNeedsByIds` / `findOffersByIds` read —
 * organisation, owner, places taken and applicants waiting included — for any number of ids,
 * unknown ids, and the same statement asked again with other ids.
 */
const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

describeEachDialect('search page rows', (t) => {
  it('reads the rows the repository reads, for any page', async () => {
    const w = await buildWorld(t());
    const { ctx } = t();
    const db = ctx.db;
    // Needs with places taken and applicants waiting, and offers of a person and of a business.
    const engaged = await w.freshEngagement('accepted');
    const waiting = await w.freshEngagement('proposed');
    const needOf = async (engagement: string) =>
      (await db.selectFrom('engagements').select('need_id').where('id', '=', engagement).executeTakeFirstOrThrow())
        .need_id;
    const needIds = [await needOf(engaged), await needOf(waiting), await w.freshNeed()];
    const offerIds = [await w.freshPersonOffer(), await w.freshBusinessOffer(), await w.freshPersonOffer()];

    for (const ids of [needIds, needIds.slice(0, 1), [...needIds, 'no-such-need'], []]) {
      const page = await pageNeeds(ctx, ids);
      expect(byId(page)).toEqual(byId(await findNeedsByIds(db, ids)));
      expect(page.length).toBe(ids.filter((id) => id !== 'no-such-need').length);
    }
    for (const ids of [offerIds, offerIds.slice(1), ['no-such-offer', ...offerIds], []]) {
      const page = await pageOffers(ctx, ids);
      expect(byId(page)).toEqual(byId(await findOffersByIds(db, ids)));
      expect(page.length).toBe(ids.filter((id) => id !== 'no-such-offer').length);
    }
    // The rows say what the repository says: places taken and applicants waiting are counted.
    const [accepted] = await pageNeeds(ctx, [needIds[0] ?? '']);
    expect(Number(accepted?.people_taken)).toBe(1);
    const [proposed] = await pageNeeds(ctx, [needIds[1] ?? '']);
    expect(Number(proposed?.applicants_waiting)).toBe(1);
  });

  it('never reads another request’s uncommitted rows', async () => {
    const w = await buildWorld(t());
    const { ctx } = t();
    const id = await w.freshNeed();
    const [before] = await pageNeeds(ctx, [id]);
    let read: ReturnType<typeof pageNeeds> | undefined;
    // A transaction that changes the need and rolls back while a search reads it: on SQLite the
    // read shares the one connection, so it must wait for the transaction to end.
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('needs').set({ title: 'Never committed' }).where('id', '=', id).execute();
        read = pageNeeds(ctx, [id]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [after] = (await read) ?? [];
    expect(after?.title).toBe(before?.title);
  });
});
