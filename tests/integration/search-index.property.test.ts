import fc from 'fast-check';
import { expect, it } from 'vitest';
import { newId } from '../../server/ids.ts';
import { searchIndexOf } from '../../server/modules/listings/index.ts';
import { latStrip } from '../../server/modules/listings/location.ts';
import { insertNeed, insertOffer } from '../../server/modules/listings/repository.ts';
import { searchNeeds, searchOffers } from '../../server/modules/listings/service.ts';
import type { AppContext } from '../../server/context.ts';
import {
  b2cTypes,
  compensationTypes,
  listingKinds,
  needSearchQuery,
  offerSearchQuery,
} from '../../shared/schemas/listings.ts';
import { domainCodes } from '../../shared/vocabulary.ts';
import { searchText } from '../../server/modules/listings/search-text.ts';
import { describeEachDialect } from '../helpers/app.ts';

/**
 * Issue 15: the in-memory search index answers every search exactly as the SQL path does. On
 * random listings (words sharing prefixes, every status, ends in the past and future, hidden
 * listings and organisations, places near each other, no place, remote, equal creation times) and
 * random queries (words, places, radii, every filter, every sort, small pages followed to the
 * end), the pages through the index equal the pages through the database: the same items in the
 * same order, the same number of pages. The SQL path is the same service called with a context
 * the index is not registered for.
 */
const vocabulary = [
  'tuin',
  'tuinman',
  'tuinieren',
  'moestuin',
  'fiets',
  'fietsen',
  'fietsenmaker',
  'koken',
  'kok',
  'café',
  'buurt',
  'buurthuis',
  'Zoë',
  'taal',
  'taalcafé',
];
/** Almere lies in Amsterdam's latitude strip, 22 km east: in the strip, outside a small circle's box. */
const places = ['1012', '1013', '1071', '1315', '3511', '3512', '2511', '9711'];
const languages = ['nl', 'en', 'ar'];
const skillNames = ['koken', 'klussen', 'fietsen repareren'];
const times = [
  '2026-01-01T09:00:00.000Z',
  '2026-02-01T09:00:00.000Z',
  '2026-02-01T09:00:00.000Z',
  '2026-03-01T09:00:00.000Z',
];
const ends = [null, null, '2026-02-15T00:00:00.000Z', '2026-06-01T00:00:00.000Z'];

/** True about once in `n`. */
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);
const text = fc
  .array(fc.constantFrom(...vocabulary, 'en', 'de', 'voor'), { minLength: 0, maxLength: 7 })
  .map((w) => w.join(' '));
const listing = fc.record({
  table: fc.constantFrom('needs', 'offers'),
  title: text,
  body: text,
  kind: fc.constantFrom(...listingKinds),
  status: fc.constantFrom('open', 'open', 'open', 'filled', 'closed'),
  endsAt: fc.constantFrom(...ends),
  hidden: oneIn(8),
  place: fc.option(fc.constantFrom(...places), { freq: 5 }),
  remote: oneIn(4),
  createdAt: fc.constantFrom(...times),
  domains: fc.uniqueArray(fc.constantFrom(...domainCodes.slice(0, 4)), { maxLength: 2 }),
  languages: fc.uniqueArray(fc.constantFrom(...languages), { maxLength: 2 }),
  skills: fc.uniqueArray(fc.constantFrom(...skillNames), { maxLength: 2 }),
  compensations: fc.uniqueArray(fc.constantFrom(...compensationTypes), { minLength: 1, maxLength: 2 }),
  newcomer: fc.boolean(),
  asylum: fc.boolean(),
  organization: fc.nat(2),
  business: oneIn(3),
  b2cType: fc.constantFrom(...b2cTypes),
});
type Listing = typeof listing extends fc.Arbitrary<infer T> ? T : never;

/** A search as people make them: words or not, a place or not, a sort, and up to two filters. */
const filter = fc.oneof(
  fc.record({
    status: fc
      .uniqueArray(fc.constantFrom('open', 'filled', 'closed', 'expired'), { minLength: 1, maxLength: 3 })
      .map((s) => s.join(',')),
  }),
  fc.record({ kind: fc.constantFrom(...listingKinds) }),
  fc.record({ domain: fc.constantFrom(...domainCodes.slice(0, 4)) }),
  fc.record({ language: fc.constantFrom(...languages) }),
  fc.record({ skill: fc.constantFrom(...skillNames) }),
  fc.record({ compensation: fc.constantFrom(...compensationTypes) }),
  fc.record({ newcomerFriendly: fc.constantFrom('true', 'false') }),
  fc.record({ openToAsylumSeekers: fc.constantFrom('true', 'false') }),
  fc.record({ b2cType: fc.constantFrom(...b2cTypes) }),
);
const query = fc
  .record({
    words: fc.option(
      fc
        .array(fc.constantFrom(...vocabulary, 'tu', 'fi', 'k', 'buurthuizen', 'caf'), { minLength: 1, maxLength: 2 })
        .map((w) => w.join(' ')),
    ),
    place: fc.option(
      fc.record({
        near: fc.constantFrom(...places),
        radiusKm: fc.constantFrom('1', '5', '40', '300'),
        includeRemote: fc.constantFrom('true', 'false'),
      }),
    ),
    sort: fc.option(fc.constantFrom('newest', 'distance', 'relevance')),
    filters: fc.array(filter, { maxLength: 2 }),
    limit: fc.constantFrom('1', '3', '20'),
  })
  .map(({ words, place, sort, filters, limit }) => {
    const params: Record<string, string> = { limit, ...Object.assign({}, ...filters) };
    if (words) params.q = words;
    if (place) Object.assign(params, place);
    if (sort === 'distance' && place) params.sort = sort;
    if (sort === 'relevance' && words) params.sort = sort;
    if (sort === 'newest') params.sort = sort;
    return params;
  });

describeEachDialect('search index property', (t) => {
  it('answers every search as the database does', async () => {
    const { ctx } = t();
    const index = searchIndexOf(ctx);
    if (!index) throw new Error('the search index is on by default');
    await index.built();
    // The same services without the index: searches ask the database.
    const sqlCtx: AppContext = { ...ctx };
    const now = ctx.clock.now().toISOString();
    const users = [newId(), newId()];
    for (const id of users) {
      await ctx.db
        .insertInto('users')
        .values({
          id,
          email: `${id}@example.org`,
          password_hash: 'x',
          display_name: 'P',
          locale: 'nl',
          postcode: null,
          languages: '[]',
          skills: '[]',
          may_do_paid_work: 'unknown',
          vog_verified_at: null,
          vog_recorded_by: null,
          is_admin: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const organizations = [newId(), newId(), newId()];
    for (const id of organizations) {
      await ctx.db
        .insertInto('organizations')
        .values({
          id,
          name: `Prop ${id}`,
          type: 'business',
          description: '',
          postcode: '1012',
          domains: '[]',
          kvk_number: null,
          volunteer_declaration_date: null,
          verified_at: null,
          volunteers: null,
          paid_staff: null,
          people_reached_per_year: null,
          income_mix: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    const store = async (l: Listing) => {
      const id = newId();
      const at = l.place ? ctx.postcodes.lookup(l.place) : undefined;
      const where = at
        ? { postcode: l.place, lat: at.lat, lng: at.lng, lat_strip: latStrip(at.lat) }
        : { postcode: null, lat: null, lng: null, lat_strip: null };
      const common = {
        id,
        kind: l.kind,
        title: l.title,
        description: l.body,
        domains: JSON.stringify(l.domains),
        skills: JSON.stringify(l.skills),
        languages: JSON.stringify(l.languages),
        ...where,
        remote: l.remote || !at ? 1 : 0,
        ends_at: l.endsAt,
        quantity: null,
        unit: null,
        materials_mode: null,
        newcomer_friendly: l.newcomer ? 1 : 0,
        status: l.status as 'open',
        search_title: searchText(l.title),
        search_body: searchText(l.body),
        created_at: l.createdAt,
        updated_at: l.createdAt,
        closed_at: null,
        hidden_at: l.hidden ? now : null,
      };
      const values = { domains: l.domains, languages: l.languages, skills: l.skills };
      const organizationId = organizations[l.organization] ?? null;
      if (l.table === 'needs') {
        await ctx.db.transaction().execute((trx) =>
          insertNeed(
            trx,
            {
              ...common,
              organization_id: organizationId ?? '',
              created_by: null,
              starts_at: null,
              hours_estimate: null,
              people_needed: null,
              compensation_type: l.compensations[0] ?? 'unpaid',
              hourly_rate_cents: null,
              allowance_cents: null,
              requires_vog: 0,
              min_age: null,
              open_to_asylum_seekers: l.asylum ? 1 : 0,
              work_permit_arranged: 0,
            },
            values,
          ),
        );
        return { needIds: [id] };
      }
      await ctx.db.transaction().execute((trx) =>
        insertOffer(
          trx,
          {
            ...common,
            owner_user_id: l.business ? null : (users[l.organization % 2] ?? null),
            organization_id: l.business ? organizationId : null,
            created_by: null,
            b2c_type: l.business ? l.b2cType : null,
            radius_km: null,
            availability: null,
            available_until: l.endsAt,
            compensation_accepted: JSON.stringify(l.compensations),
            capacity_hours_per_month: null,
          },
          { ...values, compensations: l.compensations },
        ),
      );
      return { offerIds: [id] };
    };

    const pages = async (c: AppContext, table: 'needs' | 'offers', params: Record<string, string>) => {
      const seen: string[][] = [];
      let cursor: string | undefined;
      do {
        const all = { ...params, ...(cursor ? { cursor } : {}) };
        const page =
          table === 'needs'
            ? await searchNeeds(c, null, needSearchQuery.parse(all))
            : await searchOffers(c, null, offerSearchQuery.parse(all));
        seen.push(page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && seen.length < 40);
      return seen;
    };

    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(listing, { minLength: 1, maxLength: 12 }),
        fc.array(query, { minLength: 1, maxLength: 6 }),
        fc.nat(2),
        async (listings, queries, hide) => {
          for (const l of listings) ctx.events.emit('listings.changed', await store(l));
          // Organisations hidden and shown again now and then (moderation).
          const hiddenOrg = organizations[hide] ?? '';
          const hidden = listings.length % 2 === 0 ? now : null;
          await ctx.db.updateTable('organizations').set({ hidden_at: hidden }).where('id', '=', hiddenOrg).execute();
          ctx.events.emit('listings.changed', { organizationIds: [hiddenOrg] });
          await ctx.events.idle();
          // Now and then built anew from the database (the start's bulk load) instead of by changes.
          if (listings.length % 3 === 0) await index.rebuild();
          expect(index.usable).toBe(true);
          for (const params of queries) {
            for (const table of ['needs', 'offers'] as const) {
              const fromIndex = await pages(ctx, table, params);
              const fromSql = await pages(sqlCtx, table, params);
              expect(fromIndex, `${table} ${JSON.stringify(params)}`).toEqual(fromSql);
              compared += fromSql.flat().length;
            }
          }
        },
      ),
      { numRuns: t().dialect === 'sqlite' ? 40 : 20 },
    );
    // The property compared real answers, not only empty pages.
    expect(compared).toBeGreaterThan(20);
  });
});
