import { expect, it } from 'vitest';
import { needsForIndex, offersForIndex } from '../../server/modules/listings/index-repository.ts';
import type { IndexedListing } from '../../server/modules/listings/listing-index.ts';
import { describeEachDialect } from '../helpers/app.ts';
import { makeNeed, makeOffer, makeOrganization } from '../helpers/factories.ts';

/**
 * Issue 15: the index is built from the database in pages by id, each page's filter values read by
 * the id range the page covers. Read in pages of two (so ranges start after a previous page and
 * listings sit on both sides of every edge), every listing comes back exactly once with exactly
 * the values a read by its id gives — none lost at a page's edge, none borrowed from the next.
 */
describeEachDialect('search index build', (t) => {
  it('reads every listing with its own values, page by page', async () => {
    const person = await t().register();
    const org = await makeOrganization(t());
    const skills = [['koken'], ['klussen', 'tuinieren'], [], ['tolken'], ['koken', 'tolken', 'klussen']];
    for (const [i, s] of skills.entries()) {
      await makeNeed(org, { skills: s, languages: i % 2 === 0 ? ['nl'] : ['nl', 'en'], title: `Hulp gezocht ${i}` });
      await makeOffer(person, {
        skills: s,
        languages: i % 2 === 0 ? ['ar'] : ['nl', 'uk'],
        compensationAccepted: i % 2 === 0 ? ['unpaid'] : ['unpaid', 'time_credits'],
      });
    }
    await t().ctx.events.idle();
    const sorted = (l: IndexedListing) => ({
      ...l,
      domains: [...l.domains].sort(),
      languages: [...l.languages].sort(),
      skills: [...l.skills].sort(),
      compensations: [...l.compensations].sort(),
    });
    for (const read of [needsForIndex, offersForIndex]) {
      const paged: IndexedListing[] = [];
      let after: string | null = null;
      for (;;) {
        const page: IndexedListing[] = await read(t().ctx.db, { after }, 2);
        expect(page.length).toBeLessThanOrEqual(2);
        paged.push(...page);
        const last = page.at(-1);
        if (!last) break;
        after = last.id;
      }
      const ids = paged.map((l) => l.id);
      expect(ids.length).toBeGreaterThanOrEqual(skills.length);
      expect(new Set(ids).size).toBe(ids.length);
      const byId = new Map((await read(t().ctx.db, { ids })).map((l) => [l.id, l]));
      for (const l of paged) {
        const alone = byId.get(l.id);
        expect(alone && sorted(alone)).toEqual(sorted(l));
      }
      expect(paged.some((l) => l.skills.length === 3)).toBe(true);
    }
  });
});
