import { expect, it } from 'vitest';
import { searchIndexOf } from '../../server/modules/listings/index.ts';
import { describeEachDialect } from '../helpers/app.ts';

/**
 * Issue 15: the in-memory search index hears changes other modules make to listings. An erasure
 * (privacy) blanks and closes the person's offers: the next search, answered from the index, no
 * longer finds them — without the `listings.changed` event privacy emits, the index would.
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
        kind: 'hands', title: 'Ik repareer vergiethoornen', description: 'Zeldzaam keukengerei.', skills: ['klussen'], languages: ['nl'],
        postcode: '1013', radiusKm: 10, compensationAccepted: ['unpaid'],
      },
    });
    expect(offer.statusCode).toBe(201);
    const found = async () => (await t().inject({ method: 'GET', url: '/api/offers?q=vergiethoornen' })).json().items.map((i: { id: string }) => i.id);
    expect(await found()).toEqual([offer.json().offer.id]);
    const erased = await person.inject({ method: 'DELETE', url: '/api/me', payload: { currentPassword: 'a long enough passphrase' } });
    expect(erased.statusCode).toBe(204);
    expect(await found()).toEqual([]);
    expect(index?.usable).toBe(true);
  });
});
