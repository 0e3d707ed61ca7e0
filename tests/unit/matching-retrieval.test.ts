/**
 * The SQL retrieval behind `GET /api/needs/:id/matches` (retrieval.ts) must return exactly the
 * top K of scoring every stored offer: its bounds (place, kind, the exact skills factor from
 * offer_skills) may only skip offers that cannot enter. Random offers and needs on SQLite; up to
 * 300 offers in a small area, so full rows are read in several batches and the bounds decide.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { latStrip } from '../../server/modules/listings/location.ts';
import { outsideRadius, travelDistanceKm } from '../../server/modules/matching/core/hard-rules.ts';
import { toMatchNeed } from '../../server/modules/matching/core/mapping.ts';
import * as repo from '../../server/modules/matching/repository.ts';
import { offerCandidates, offersForNeedRow } from '../../server/modules/matching/retrieval.ts';
import { matchesForNeed } from '../../server/modules/matching/core/round.ts';
import { storedSkillNames } from '../../server/modules/matching/core/skills-related.ts';

const NOW = '2026-03-02T09:00:00.000Z';
const nowMs = Date.parse(NOW);
const skills = [
  'tuinieren',
  'groenonderhoud',
  'koken',
  'boodschappen',
  'zorg',
  'maatje',
  'coördinatie',
  'coordinatie',
  'projectleiding',
  'breien',
];
const kinds = ['hands', 'knowledge', 'materials'] as const;
const compensations = ['unpaid', 'time_credits', 'allowance', 'paid'] as const;

const iso = (days: number) => new Date(nowMs + days * 86_400_000).toISOString();

interface OfferFixture {
  kind: (typeof kinds)[number];
  skills: readonly string[];
  comps: readonly (typeof compensations)[number][];
  lat: number;
  lng: number;
  radius: number | null;
  remote: boolean;
  answer: 'yes' | 'no' | 'unknown';
  vog: boolean;
  engaged: boolean;
  age: number;
}

/** A migrated SQLite database with one organisation, and a way to store an offer with its owner. */
async function fixtureDb() {
  const handle = await createDb('sqlite::memory:');
  await migrateToLatest(handle.db);
  const sqlite = handle.sqlite;
  if (!sqlite) throw new Error('SQLite expected');
  // Fixture rows only: the fairness history hangs on a need this test does not create.
  sqlite.pragma('foreign_keys = OFF');
  const src = { db: handle.db, dialect: handle.dialect };
  sqlite
    .prepare(
      `INSERT INTO organizations (id, name, type, description, postcode, domains, created_at, updated_at) VALUES ('org', 'Org', 'initiative', '', '3511', '[]', ?, ?)`,
    )
    .run(iso(-9), iso(-9));
  const insertOffer = (id: string, o: OfferFixture) => {
    const user = `u-${id}`;
    sqlite
      .prepare(
        `INSERT INTO users (id, email, password_hash, display_name, locale, may_do_paid_work, vog_verified_at, created_at, updated_at) VALUES (?, ?, 'x', 'P', 'nl', ?, ?, ?, ?)`,
      )
      .run(user, `${user}@t.example`, o.answer, o.vog ? iso(-30) : null, iso(-200), iso(-200));
    if (o.engaged) {
      sqlite
        .prepare(
          `INSERT INTO engagements (id, need_id, offer_id, organization_id, kind, status, proposed_by, worker_user_id, worker_organization_id, compensation_type, reserved_minutes, logged_minutes, created_at, updated_at, accepted_at) VALUES (?, 'hist', NULL, 'org', 'work', 'completed', 'worker', ?, NULL, 'unpaid', 0, 0, ?, ?, ?)`,
        )
        .run(`e-${user}`, user, iso(-90), iso(-90), iso(-90));
    }
    sqlite
      .prepare(
        `INSERT INTO offers (id, owner_user_id, organization_id, created_by, b2c_type, kind, title, description, domains, skills, languages, postcode, lat, lng, lat_strip, radius_km, remote, availability, available_until, ends_at, compensation_accepted, capacity_hours_per_month, quantity, unit, materials_mode, newcomer_friendly, status, search_title, search_body, created_at, updated_at, closed_at)
         VALUES (?, ?, NULL, NULL, NULL, ?, 'T', '', '[]', ?, '["nl"]', '3511', ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, NULL, NULL, NULL, NULL, 0, 'open', 't', '', ?, ?, NULL)`,
      )
      .run(
        id,
        user,
        o.kind,
        JSON.stringify(o.skills),
        o.lat,
        o.lng,
        latStrip(o.lat),
        o.radius,
        o.remote ? 1 : 0,
        JSON.stringify(o.comps),
        iso(-o.age),
        iso(-o.age),
      );
    for (const s of o.skills) sqlite.prepare(`INSERT INTO offer_skills (offer_id, skill) VALUES (?, ?)`).run(id, s);
  };
  return { handle, sqlite, src, insertOffer };
}

describe('SQL retrieval of offers for a need', () => {
  it('equals scoring every stored offer, on random data', async () => {
    const { handle, sqlite, src, insertOffer } = await fixtureDb();
    const offer = fc.record({
      kind: fc.constantFrom(...kinds),
      skills: fc.uniqueArray(fc.constantFrom(...skills), { maxLength: 4 }),
      comps: fc.uniqueArray(fc.constantFrom(...compensations), { minLength: 1, maxLength: 2 }),
      lat: fc.double({ min: 52.0, max: 52.2, noNaN: true }),
      lng: fc.double({ min: 5.0, max: 5.3, noNaN: true }),
      radius: fc.option(fc.constantFrom(2, 5, 10, 25, 60), { nil: null }),
      remote: fc.boolean(),
      answer: fc.constantFrom('yes', 'no', 'unknown'),
      vog: fc.boolean(),
      engaged: fc.boolean(),
      age: fc.integer({ min: 0, max: 120 }),
    });
    const need = fc.record({
      kind: fc.constantFrom(...kinds),
      skills: fc.uniqueArray(fc.constantFrom(...skills), { maxLength: 3 }),
      comp: fc.constantFrom(...compensations),
      lat: fc.double({ min: 52.0, max: 52.2, noNaN: true }),
      lng: fc.double({ min: 5.0, max: 5.3, noNaN: true }),
      remote: fc.boolean(),
      vog: fc.boolean(),
      asylum: fc.boolean(),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(offer, { minLength: 80, maxLength: 300 }),
        need,
        fc.integer({ min: 1, max: 8 }),
        async (offers, nd, limit) => {
          const round = n++;
          for (const [i, o] of offers.entries()) insertOffer(`of${round}-${i}`, o);
          const needRow: repo.NeedRowForMatching = {
            id: `n${round}`,
            organization_id: 'org',
            kind: nd.kind,
            skills: JSON.stringify(nd.skills),
            languages: '["nl"]',
            lat: nd.lat,
            lng: nd.lng,
            remote: nd.remote ? 1 : 0,
            starts_at: null,
            ends_at: null,
            compensation_type: nd.kind === 'materials' && nd.comp === 'paid' ? 'unpaid' : nd.comp,
            requires_vog: nd.vog ? 1 : 0,
            newcomer_friendly: 0,
            open_to_asylum_seekers: nd.asylum ? 1 : 0,
            work_permit_arranged: 0,
            status: 'open',
            created_at: iso(-3),
            people_needed: 1,
            postcode: '3511',
          };
          const got = await offersForNeedRow(src, needRow, limit, nowMs);
          // Every open offer in the database, scored in full.
          const all = await offerCandidates(
            handle.db,
            await repo.offerRows(
              handle.db,
              (await handle.db.selectFrom('offers').select('id').execute()).map((r) => r.id),
            ),
          );
          const need = toMatchNeed(needRow);
          // Remote offers without any asked skill are left out by design (see candidate-index.ts).
          const names = new Set(storedSkillNames(need.skills));
          const retrievable = all.filter(
            (c) =>
              !(
                need.remote &&
                need.skills.length > 0 &&
                outsideRadius({ ...need, remote: false }, c, travelDistanceKm(need, c)) &&
                !c.skills.some((s) => names.has(s))
              ),
          );
          const want = matchesForNeed(need, retrievable, limit, nowMs);
          expect(got.map((m) => [m.candidate.id, m.score])).toEqual(want.map((m) => [m.candidate.id, m.score]));
          sqlite.exec(`DELETE FROM offer_skills; DELETE FROM offers; DELETE FROM engagements; DELETE FROM users`);
        },
      ),
      { numRuns: 25 },
    );
    await handle.close();
  });

  it('leaves out a remote offer near but beyond its own radius when it holds no asked skill', async () => {
    const { handle, src, insertOffer } = await fixtureDb();
    const base = {
      kind: 'materials',
      comps: ['unpaid'],
      radius: 2,
      remote: true,
      answer: 'yes',
      vog: true,
      engaged: false,
      age: 1,
    } as const;
    // 3.3 km north of the need: inside the bounding box of the ≤ 5 km tier, beyond its own 2 km.
    insertOffer('near-unskilled', { ...base, skills: [], lat: 52.063, lng: 5.089 });
    insertOffer('near-skilled', { ...base, skills: ['breien'], lat: 52.063, lng: 5.089 });
    insertOffer('within-unskilled', { ...base, skills: [], lat: 52.04, lng: 5.089 });
    const needRow: repo.NeedRowForMatching = {
      id: 'n',
      organization_id: 'org',
      kind: 'materials',
      skills: '["breien"]',
      languages: '["nl"]',
      lat: 52.0336,
      lng: 5.089,
      remote: 1,
      starts_at: null,
      ends_at: null,
      compensation_type: 'unpaid',
      requires_vog: 0,
      newcomer_friendly: 0,
      open_to_asylum_seekers: 1,
      work_permit_arranged: 0,
      status: 'open',
      created_at: iso(-3),
      people_needed: 1,
      postcode: '3511',
    };
    const got = await offersForNeedRow(src, needRow, 5, nowMs);
    expect(got.map((m) => m.candidate.id).sort()).toEqual(['near-skilled', 'within-unskilled']);
    await handle.close();
  });
});
