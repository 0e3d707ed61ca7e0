import { expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { searchIndexOf } from '../../server/modules/listings/index.ts';
import { searchNeeds } from '../../server/modules/listings/service.ts';
import { needSearchQuery } from '../../shared/schemas/listings.ts';
import { describeEachDialect } from '../helpers/app.ts';
import { buildWorld } from '../helpers/world.ts';

/**
 * Issue 15: the in-memory search index hears changes other modules make to listings. An erasure
 * (privacy) blanks and closes the person's offers: the next search, answered from the index, no
 * longer finds them — without the `listings.changed` event privacy emits, the index would. An
 * accepted engagement fills its need of one place (engagements): the index agrees with the
 * database on which needs are open and which filled.
 */
describeEachDialect('search index freshness', (t) => {
  it('forgets an erased person’s offers at once', async () => {
    const index = searchIndexOf(t().ctx);
    await index?.built();
    expect(index?.usable).toBe(true);
    const person = await t().register();
    const offer = await person.inject({
      method: 'POST',
      url: '/api/offers',
      payload: {
        kind: 'hands',
        title: 'Ik repareer vergiethoornen',
        description: 'Zeldzaam keukengerei.',
        skills: ['klussen'],
        languages: ['nl'],
        postcode: '1013',
        radiusKm: 10,
        compensationAccepted: ['unpaid'],
      },
    });
    expect(offer.statusCode).toBe(201);
    const found = async () =>
      (await t().inject({ method: 'GET', url: '/api/offers?q=vergiethoornen' }))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await found()).toEqual([offer.json().offer.id]);
    const erased = await person.inject({
      method: 'DELETE',
      url: '/api/me',
      payload: { currentPassword: 'a long enough passphrase' },
    });
    expect(erased.statusCode).toBe(204);
    expect(await found()).toEqual([]);
    expect(index?.usable).toBe(true);
  });

  it('agrees with the database on needs that accepted engagements filled', async () => {
    const w = await buildWorld(t());
    for (let i = 0; i < 3; i++) await w.freshEngagement('accepted');
    const sqlCtx: AppContext = { ...t().ctx };
    for (const status of ['open', 'filled']) {
      const query = needSearchQuery.parse({ status, limit: '100' });
      const ids = async (ctx: AppContext) => (await searchNeeds(ctx, null, query)).items.map((n) => n.id);
      expect(await ids(t().ctx), status).toEqual(await ids(sqlCtx));
    }
    expect(
      (await searchNeeds(t().ctx, null, needSearchQuery.parse({ status: 'filled', limit: '100' }))).items.length,
    ).toBeGreaterThanOrEqual(3);
  });
});
