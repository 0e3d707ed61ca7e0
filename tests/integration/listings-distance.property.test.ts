import fc from 'fast-check';
import { expect, it } from 'vitest';
import { distanceKm } from '../../shared/geo.ts';
import { newId } from '../../server/ids.ts';
import { latStrip } from '../../server/modules/listings/location.ts';
import { insertNeed } from '../../server/modules/listings/repository.ts';
import { searchNeeds } from '../../server/modules/listings/service.ts';
import { needSearchQuery } from '../../shared/schemas/listings.ts';
import { describeEachDialect } from '../helpers/app.ts';

/**
 * For random sets of needs over real postcodes, the distance filter (bounding-box prefilter in
 * the database, then the exact great-circle distance) returns exactly the needs a brute-force
 * computation finds within the radius, including needs lying exactly on the radius, in order.
 */
describeEachDialect('distance search property', (t) => {
  it('returns exactly the listings within the radius', async () => {
    const { ctx } = t();
    const codes = ctx.postcodes.addressCodes();
    const now = ctx.clock.now().toISOString();
    await ctx.db
      .insertInto('users')
      .values({
        id: 'prop-user',
        email: 'prop@example.org',
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
    const runs = t().dialect === 'sqlite' ? 60 : 20;

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: codes.length - 1 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: codes.length - 1 }),
        fc.oneof(fc.double({ min: 0.1, max: 300, noNaN: true }), fc.nat()),
        async (picks, centerPick, radiusChoice) => {
          const orgId = newId();
          await ctx.db
            .insertInto('organizations')
            .values({
              id: orgId,
              name: `Prop ${orgId}`,
              type: 'initiative',
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
          const center = ctx.postcodes.lookup(codes[centerPick] ?? '1012');
          if (!center) throw new Error('no center');
          const listings = picks.map((p) => {
            const place = ctx.postcodes.lookup(codes[p] ?? '1012');
            if (!place) throw new Error('no place');
            return { id: newId(), place };
          });
          // An integer choice puts the radius exactly on one listing's distance (a boundary case).
          const onBoundary = listings[radiusChoice % listings.length];
          const exact =
            typeof radiusChoice === 'number' && Number.isInteger(radiusChoice) && onBoundary
              ? distanceKm(center, onBoundary.place)
              : radiusChoice;
          const radiusKm = Math.min(300, Math.max(0.1, exact));
          await ctx.db.transaction().execute(async (trx) => {
            for (const { id, place } of listings) {
              await insertNeed(
                trx,
                {
                  id,
                  organization_id: orgId,
                  created_by: 'prop-user',
                  kind: 'hands',
                  title: 'Prop',
                  description: '',
                  domains: '["food"]',
                  skills: '[]',
                  languages: '[]',
                  postcode: place.postcode,
                  lat: place.lat,
                  lng: place.lng,
                  lat_strip: latStrip(place.lat),
                  remote: 0,
                  starts_at: null,
                  ends_at: null,
                  hours_estimate: null,
                  people_needed: null,
                  quantity: null,
                  unit: null,
                  materials_mode: null,
                  compensation_type: 'unpaid',
                  hourly_rate_cents: null,
                  allowance_cents: null,
                  requires_vog: 0,
                  min_age: null,
                  newcomer_friendly: 0,
                  open_to_asylum_seekers: 0,
                  work_permit_arranged: 0,
                  status: 'open',
                  search_title: 'prop',
                  search_body: '',
                  created_at: now,
                  updated_at: now,
                  closed_at: null,
                },
                { domains: ['food'], languages: [], skills: [] },
              );
            }
          });
          // Writers announce committed listing changes; the in-memory search index reads them then.
          ctx.events.emit('listings.changed', { needIds: listings.map((l) => l.id) });

          const expected = listings
            .map((l) => ({ id: l.id, d: distanceKm(center, l.place) }))
            .filter((l) => l.d <= radiusKm)
            .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
          const found: { id: string; distanceKm?: number | null | undefined }[] = [];
          let cursor: string | undefined;
          do {
            const query = needSearchQuery.parse({
              near: center.postcode,
              radiusKm: String(radiusKm),
              organizationId: orgId,
              limit: '7',
              ...(cursor ? { cursor } : {}),
            });
            const page = await searchNeeds(ctx, null, query);
            found.push(...page.items);
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          expect(found.map((f) => f.id)).toEqual(expected.map((e) => e.id));
          for (const [i, f] of found.entries()) expect(f.distanceKm).toBeCloseTo(expected[i]?.d ?? -1, 1);
        },
      ),
      { numRuns: runs },
    );
  });
});
