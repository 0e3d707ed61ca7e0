import fc from 'fast-check';
import { expect, it } from 'vitest';
import { newId } from '../../server/ids.ts';
import { insertNeed, insertOffer } from '../../server/modules/listings/repository.ts';
import { latStrip } from '../../server/modules/listings/location.ts';
import { searchText } from '../../server/modules/listings/search-text.ts';
import { matchingIndexOf } from '../../server/modules/matching/index.ts';
import { outsideRadius, travelDistanceKm } from '../../server/modules/matching/core/hard-rules.ts';
import { toMatchNeed } from '../../server/modules/matching/core/mapping.ts';
import { matchesForNeed } from '../../server/modules/matching/core/round.ts';
import { storedSkillNames } from '../../server/modules/matching/core/skills-related.ts';
import { matchingSource } from '../../server/modules/matching/matching-index.ts';
import * as repo from '../../server/modules/matching/repository.ts';
import { offerCandidates, offersForNeedRow } from '../../server/modules/matching/retrieval.ts';
import {
  matchesForNeed as needMatches,
  matchesForOffer,
  suggestionsForMe,
} from '../../server/modules/matching/service.ts';
import type { AppContext } from '../../server/context.ts';
import { describeEachDialect } from '../helpers/app.ts';

/**
 * Issue 15: need → offers through the instance's offer index (precomputed scorer, cells best bound
 * first, rows checked against the database) gives the very top K of the SQL path and of scoring
 * every stored offer in full: the same offers, the same scores, the same order. On random offers
 * (synonyms and free-text skills, every radius tier, remote, closed, ended, hidden, businesses
 * and people with every answer to the paid-work question, VOGs, past engagements), random needs
 * and random changes after the build — offers edited, closed and hidden through their events,
 * engagements accepted (the fairness factor), and owners' answers changed without any event
 * (the index never applies those rules itself).
 */
const skills = [
  'tuinieren',
  'gardening',
  'groenonderhoud',
  'koken',
  'kok',
  'boodschappen',
  'tolken',
  'vertalen',
  'klussen',
  'timmeren',
  'breien',
  'Breien ',
];
const places = ['3511', '3512', '3521', '3581', '3431', '3811', '1012', '9711'];
const kinds = ['hands', 'knowledge', 'materials'] as const;
const compensations = ['unpaid', 'time_credits', 'allowance', 'paid'] as const;
const answers = ['yes', 'no', 'unknown'] as const;
const NOW = '2026-11-26T12:00:00.000Z';
const iso = (days: number) => new Date(Date.parse(NOW) + days * 86_400_000).toISOString();

const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);
const offerArb = fc.record({
  kind: fc.constantFrom(...kinds),
  skills: fc.uniqueArray(fc.constantFrom(...skills), { maxLength: 4 }),
  comps: fc.uniqueArray(fc.constantFrom(...compensations), { maxLength: 2 }),
  place: fc.option(fc.constantFrom(...places), { freq: 6 }),
  radius: fc.option(fc.constantFrom(1, 3, 5, 10, 25, 60, 150, 300), { nil: null }),
  remote: oneIn(3),
  closed: oneIn(8),
  ends: fc.constantFrom(null, null, null, iso(-2), iso(30)),
  hidden: oneIn(10),
  owner: fc.nat(5),
  business: oneIn(5),
  age: fc.integer({ min: 0, max: 200 }),
});
type OfferSpec = typeof offerArb extends fc.Arbitrary<infer T> ? T : never;
type Change = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;

const needArb = fc.record({
  kind: fc.constantFrom(...kinds),
  skills: fc.uniqueArray(fc.constantFrom(...skills), { maxLength: 3 }),
  comp: fc.constantFrom(...compensations),
  place: fc.option(fc.constantFrom(...places), { freq: 6 }),
  remote: fc.boolean(),
  vog: oneIn(4),
  asylum: fc.boolean(),
  permit: oneIn(3),
  languages: fc.constantFrom('[]', '["nl"]', '["en","ar"]'),
  limit: fc.constantFrom(1, 3, 5, 20),
});

const changeArb = fc.oneof(
  fc.record({ type: fc.constant('edit' as const), pick: fc.nat(), offer: offerArb }),
  fc.record({ type: fc.constant('close' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('hide' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('engage' as const), owner: fc.nat(5), announce: fc.boolean() }),
  fc.record({
    type: fc.constant('answer' as const),
    owner: fc.nat(5),
    answer: fc.constantFrom(...answers),
    vog: fc.boolean(),
  }),
  fc.record({ type: fc.constant('hide-business' as const), hidden: fc.boolean() }),
  fc.record({ type: fc.constant('close-need' as const), pick: fc.nat() }),
);

describeEachDialect('matching offer index property', (t) => {
  it('gives exactly the top K of the SQL path and of full scoring, also after changes', async () => {
    const { ctx, clock } = t();
    clock.set(new Date(NOW));
    const offerIndex = matchingIndexOf(ctx);
    if (!offerIndex) throw new Error('the offer index is on by default');
    await offerIndex.built();
    const db = ctx.db;
    const sqlSource = { db, dialect: ctx.dialect, offerIndex: null };
    const nowMs = Date.parse(NOW);

    const people = Array.from({ length: 6 }, () => newId());
    for (const [i, id] of people.entries()) {
      await db
        .insertInto('users')
        .values({
          id,
          email: `${id}@example.org`,
          password_hash: 'x',
          display_name: 'P',
          locale: 'nl',
          postcode: places[i] ?? null,
          languages: i % 2 === 0 ? '["nl"]' : '["en"]',
          skills: JSON.stringify(skills.slice(i, i + 3)),
          may_do_paid_work: answers[i % 3] ?? 'unknown',
          vog_verified_at: i % 2 === 0 ? iso(-10) : null,
          vog_recorded_by: null,
          is_admin: 0,
          created_at: iso(-300),
          updated_at: iso(-300),
        })
        .execute();
    }
    const organization = (type: 'initiative' | 'business') => ({
      id: newId(),
      name: `Org ${newId()}`,
      type,
      description: '',
      postcode: '3511',
      domains: '[]',
      kvk_number: null,
      volunteer_declaration_date: null,
      verified_at: null,
      volunteers: null,
      paid_staff: null,
      people_reached_per_year: null,
      income_mix: null,
      created_at: iso(-300),
      updated_at: iso(-300),
    });
    const needOrg = organization('initiative');
    const business = organization('business');
    await db.insertInto('organizations').values([needOrg, business]).execute();
    // The need that past engagements (fairness) hang on.
    const historyNeed = newId();
    await db.transaction().execute((trx) =>
      insertNeed(
        trx,
        {
          id: historyNeed,
          organization_id: needOrg.id,
          created_by: null,
          kind: 'hands',
          title: 'Oud',
          description: '',
          domains: '[]',
          skills: '[]',
          languages: '[]',
          postcode: '3511',
          lat: 52.09,
          lng: 5.12,
          lat_strip: latStrip(52.09),
          remote: 0,
          starts_at: null,
          ends_at: null,
          hours_estimate: null,
          people_needed: 50,
          quantity: null,
          unit: null,
          materials_mode: null,
          compensation_type: 'unpaid',
          hourly_rate_cents: null,
          allowance_cents: null,
          requires_vog: 0,
          min_age: null,
          newcomer_friendly: 0,
          open_to_asylum_seekers: 1,
          work_permit_arranged: 0,
          status: 'closed',
          search_title: 'oud',
          search_body: '',
          created_at: iso(-300),
          updated_at: iso(-300),
          closed_at: iso(-200),
          hidden_at: null,
        },
        { domains: [], languages: [], skills: [] },
      ),
    );
    const engaged = new Set<string>();
    const engage = async (worker: string, worker_organization_id: string | null) => {
      const key = worker_organization_id ?? worker;
      if (engaged.has(key)) return;
      engaged.add(key);
      await db
        .insertInto('engagements')
        .values({
          id: newId(),
          need_id: historyNeed,
          offer_id: null,
          organization_id: needOrg.id,
          kind: 'work',
          status: 'completed',
          proposed_by: 'worker',
          worker_user_id: worker,
          worker_organization_id,
          compensation_type: 'unpaid',
          hourly_rate_cents: null,
          allowance_cents: null,
          min_age: null,
          estimate_minutes: null,
          reserved_minutes: 0,
          logged_minutes: 0,
          confirmed_minutes: null,
          unit: null,
          pledged_quantity: null,
          delivered_quantity: null,
          confirmed_quantity: null,
          inkind_value_cents: null,
          eur_cents: null,
          eur_kind: null,
          allowance_month: null,
          dispute_reason: null,
          end_reason_key: null,
          ended_by: null,
          created_at: iso(-100),
          updated_at: iso(-100),
          accepted_at: iso(-100),
          completed_at: iso(-90),
        })
        .execute();
    };
    await engage(people[1] as string, null);

    const offerIds: string[] = [];
    const offerRow = (id: string, o: OfferSpec) => {
      const at = o.place ? ctx.postcodes.lookup(o.place) : undefined;
      return {
        id,
        owner_user_id: o.business ? null : (people[o.owner] ?? null),
        organization_id: o.business ? business.id : null,
        created_by: null,
        b2c_type: o.business ? ('pro_bono' as const) : null,
        kind: o.kind,
        title: 'Aanbod',
        description: '',
        domains: '[]',
        skills: JSON.stringify(o.skills),
        languages: JSON.stringify(o.owner % 2 === 0 ? ['nl'] : ['en']),
        postcode: at ? o.place : null,
        lat: at?.lat ?? null,
        lng: at?.lng ?? null,
        lat_strip: at ? latStrip(at.lat) : null,
        radius_km: o.radius,
        remote: o.remote || !at ? 1 : 0,
        availability: null,
        available_until: o.ends,
        ends_at: o.ends,
        compensation_accepted: JSON.stringify(o.comps),
        capacity_hours_per_month: null,
        quantity: null,
        unit: null,
        materials_mode: null,
        newcomer_friendly: 0,
        status: o.closed ? ('closed' as const) : ('open' as const),
        search_title: searchText('Aanbod'),
        search_body: '',
        created_at: iso(-o.age),
        updated_at: iso(-o.age),
        closed_at: null,
        hidden_at: o.hidden ? iso(-1) : null,
      };
    };
    const values = (o: OfferSpec) => ({
      domains: [],
      languages: o.owner % 2 === 0 ? ['nl'] : ['en'],
      skills: [...new Set(o.skills.map((s) => s.toLowerCase().trim()))],
      compensations: [...o.comps],
    });
    const store = async (o: OfferSpec) => {
      const id = newId();
      await db.transaction().execute((trx) => insertOffer(trx, offerRow(id, o), values(o)));
      offerIds.push(id);
      ctx.events.emit('listings.changed', { offerIds: [id] });
    };

    const apply = async (c: Change) => {
      const pick = (n: number) => offerIds[n % offerIds.length] as string;
      if (c.type === 'edit') {
        const id = pick(c.pick);
        const { id: _, ...row } = offerRow(id, c.offer);
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('offer_skills').where('offer_id', '=', id).execute();
          await trx.updateTable('offers').set(row).where('id', '=', id).execute();
          const stored = values(c.offer).skills;
          if (stored.length > 0)
            await trx
              .insertInto('offer_skills')
              .values(stored.map((skill) => ({ offer_id: id, skill })))
              .execute();
        });
        ctx.events.emit('listings.changed', { offerIds: [id] });
      } else if (c.type === 'close' || c.type === 'hide') {
        const id = pick(c.pick);
        await db
          .updateTable('offers')
          .set(c.type === 'close' ? { status: 'closed' } : { hidden_at: iso(0) })
          .where('id', '=', id)
          .execute();
        ctx.events.emit('listings.changed', { offerIds: [id] });
      } else if (c.type === 'engage') {
        await engage(people[c.owner] as string, null);
        // The engagement's acceptance names its need; without the event the index's fairness is
        // behind (optimistic), and the rows read from the database still decide.
        if (c.announce) ctx.events.emit('listings.changed', { needIds: [historyNeed] });
      } else if (c.type === 'answer') {
        await db
          .updateTable('users')
          .set({ may_do_paid_work: c.answer, vog_verified_at: c.vog ? iso(0) : null })
          .where('id', '=', people[c.owner] as string)
          .execute();
      } else if (c.type === 'close-need') {
        const id = needIds[c.pick % Math.max(1, needIds.length)];
        if (id === undefined) return;
        await db.updateTable('needs').set({ status: 'closed' }).where('id', '=', id).execute();
        ctx.events.emit('listings.changed', { needIds: [id] });
      } else {
        await db
          .updateTable('organizations')
          .set({ hidden_at: c.hidden ? iso(0) : null })
          .where('id', '=', business.id)
          .execute();
        ctx.events.emit('listings.changed', { organizationIds: [business.id] });
      }
    };

    /** Every offer the SQL path may retrieve, scored in full (the reference). */
    const fullScoring = async (row: repo.NeedRowForMatching, limit: number) => {
      const visible = await db
        .selectFrom('offers')
        .leftJoin('organizations', 'organizations.id', 'offers.organization_id')
        .select('offers.id')
        .where('offers.hidden_at', 'is', null)
        .where('organizations.hidden_at', 'is', null)
        .execute();
      const all = await offerCandidates(
        db,
        await repo.offerRows(
          db,
          visible.map((r) => r.id),
        ),
      );
      const need = toMatchNeed(row);
      // Remote offers reachable only remotely and holding none of the asked spellings are left out by design (candidate-index.ts).
      const names = new Set(storedSkillNames(need.skills));
      const stored = await repo.offerSkills(
        db,
        all.map((c) => c.id),
      );
      const retrievable = all.filter(
        (c) =>
          !(
            need.remote &&
            need.skills.length > 0 &&
            outsideRadius({ ...need, remote: false }, c, travelDistanceKm(need, c)) &&
            !(stored.get(c.id) ?? []).some((s) => names.has(s))
          ),
      );
      return matchesForNeed(need, retrievable, limit, nowMs);
    };

    const needIds: string[] = [];
    const storeNeed = async (row: repo.NeedRowForMatching) => {
      const { people_needed, ...columns } = row;
      await db.transaction().execute((trx) =>
        insertNeed(
          trx,
          {
            ...columns,
            kind: row.kind as (typeof kinds)[number],
            compensation_type: row.compensation_type as (typeof compensations)[number],
            status: 'open',
            created_by: null,
            title: 'Vraag',
            description: '',
            domains: '[]',
            lat_strip: row.lat === null ? null : latStrip(row.lat),
            hours_estimate: null,
            people_needed,
            quantity: null,
            unit: null,
            materials_mode: null,
            hourly_rate_cents: null,
            allowance_cents: null,
            min_age: null,
            search_title: searchText('Vraag'),
            search_body: '',
            updated_at: row.created_at,
            closed_at: null,
            hidden_at: null,
          },
          {
            domains: [],
            languages: JSON.parse(row.languages) as string[],
            skills: [...new Set((JSON.parse(row.skills) as string[]).map((s) => s.toLowerCase().trim()))],
          },
        ),
      );
      needIds.push(row.id);
      ctx.events.emit('listings.changed', { needIds: [row.id] });
    };

    let compared = 0;
    let suggested = 0;
    let fromMemory = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(offerArb, { minLength: 1, maxLength: 25 }),
        fc.array(changeArb, { maxLength: 6 }),
        fc.array(needArb, { minLength: 1, maxLength: 4 }),
        fc.nat(4),
        async (offers, changes, needs, rebuild) => {
          for (const o of offers) await store(o);
          for (const c of changes) await apply(c);
          await ctx.events.idle();
          if (rebuild === 0) await offerIndex.rebuild();
          const { offerIndex: index } = await matchingSource(ctx);
          expect(index).not.toBeNull();
          for (const n of needs) {
            const at = n.place ? ctx.postcodes.lookup(n.place) : undefined;
            const row: repo.NeedRowForMatching = {
              id: newId(),
              organization_id: needOrg.id,
              kind: n.kind,
              skills: JSON.stringify(n.skills),
              languages: n.languages,
              lat: at ? at.lat + 0.004 : null,
              lng: at ? at.lng - 0.003 : null,
              remote: n.remote || !at ? 1 : 0,
              starts_at: null,
              ends_at: null,
              compensation_type: n.kind === 'materials' && n.comp === 'paid' ? 'unpaid' : n.comp,
              requires_vog: n.vog ? 1 : 0,
              newcomer_friendly: 0,
              open_to_asylum_seekers: n.asylum ? 1 : 0,
              work_permit_arranged: n.permit ? 1 : 0,
              status: 'open',
              created_at: iso(-3),
              people_needed: 1,
              postcode: n.place ?? null,
            };
            await storeNeed(row);
            const memory = await offersForNeedRow({ db, dialect: ctx.dialect, offerIndex: index }, row, n.limit, nowMs);
            const sql = await offersForNeedRow(sqlSource, row, n.limit, nowMs);
            const full = await fullScoring(row, n.limit);
            const ids = (list: readonly { candidate: { id: string }; score: number }[]) =>
              list.map((m) => [m.candidate.id, m.score]);
            expect(ids(memory)).toEqual(ids(sql));
            expect(ids(memory)).toEqual(ids(full));
            expect(memory.map((m) => m.reasons)).toEqual(sql.map((m) => m.reasons));
            compared += memory.length;
            fromMemory++;
          }
          // The services, through the indexes and through the database (a context they are not registered for).
          await ctx.events.idle();
          const source = await matchingSource(ctx);
          expect(source.needIndex).not.toBeNull();
          const sqlCtx: AppContext = { ...ctx };
          const admin = { userId: people[0] as string, isAdmin: true };
          for (const needId of needIds.slice(-3)) {
            expect(await needMatches(ctx, admin, needId, 10)).toEqual(await needMatches(sqlCtx, admin, needId, 10));
          }
          for (const offerId of offerIds.slice(-3)) {
            const fromIndex = await matchesForOffer(ctx, admin, offerId, 10);
            expect(fromIndex).toEqual(await matchesForOffer(sqlCtx, admin, offerId, 10));
            suggested += fromIndex.length;
          }
          for (const userId of people) {
            const actor = { userId, isAdmin: false };
            const fromIndex = await suggestionsForMe(ctx, actor, 10);
            expect(fromIndex).toEqual(await suggestionsForMe(sqlCtx, actor, 10));
            suggested += fromIndex.length;
          }
        },
      ),
      { numRuns: t().dialect === 'sqlite' ? 40 : 15 },
    );
    // The property compared real answers, not only empty lists.
    expect(compared).toBeGreaterThan(50);
    expect(suggested).toBeGreaterThan(10);
    expect(fromMemory).toBeGreaterThan(0);
  }, 240_000);
});
