/** The search benchmark's data set: generated needs and offers over real PC4 postcodes. */
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { loadPostcodeDirectory } from '../../server/modules/postcodes/directory.ts';
import { latStrip } from '../../server/modules/listings/location.ts';
import { searchText } from '../../server/modules/listings/search-text.ts';
import { compensationTypes, listingKinds } from '../../shared/schemas/listings.ts';
import { domainCodes } from '../../shared/vocabulary.ts';
import { picker, rng } from './seeded-random.ts';

/** A migrated SQLite database in `file` for a benchmark, with the postcode directory and its address codes. */
export async function openBenchDatabase(file: string) {
  const database = await createDb(`sqlite:${file}`);
  const sqlite = database.sqlite;
  if (!sqlite) throw new Error('expected SQLite');
  await migrateToLatest(database.db);
  const postcodes = loadPostcodeDirectory();
  return { database, sqlite, postcodes, codes: postcodes.addressCodes() };
}

const random = rng(20261126);
const pick = picker(random);
const some = <T>(list: readonly T[], min: number, max: number): T[] => {
  const n = min + Math.floor(random() * (max - min + 1));
  return [...new Set(Array.from({ length: n }, () => pick(list)))];
};

const activities = [
  'buurtmaaltijd koken', 'moestuin aanleggen', 'fietsen repareren', 'taalcafé begeleiden', 'huiswerkbegeleiding geven', 'voedselpakketten inpakken',
  'geveltuinen planten', 'energiecoach aan huis', 'zonnepanelen plaatsen', 'verhuizing helpen', 'computerles geven', 'boodschappen doen voor ouderen',
  'mantelzorger ontlasten', 'wandelvoetbal begeleiden', 'buurthuis schilderen', 'naaiatelier begeleiden', 'speeltuin opknappen', 'kledingbank sorteren',
  'repair café draaien', 'boekhouding van de vereniging', 'website bouwen', 'subsidieaanvraag schrijven', 'tolken bij gesprekken', 'busje rijden',
  'klussen in huis', 'bomen planten', 'zwerfafval opruimen', 'festival opbouwen', 'koffie schenken', 'sollicitatietraining geven', 'fietsles voor nieuwkomers',
  'dakdekken bij de stadsboerderij', 'elektra aanleggen', 'kinderopvang tijdens activiteiten', 'schuldhulp maatje', 'juridisch advies', 'fotografie voor de nieuwsbrief',
  'social media beheren', 'koor begeleiden', 'theaterdecor bouwen', 'rolstoelwandeling', 'voorlezen op school', 'isolatie van buurthuis', 'tuinonderhoud',
];
const places = ['in de wijk', 'bij het buurthuis', 'in het park', 'op de stadsboerderij', 'bij de voedselbank', 'op school', 'in de bibliotheek', 'aan huis', 'in het wijkcentrum'];
const sentences = [
  'Geen ervaring nodig, we leren je alles.', 'Je werkt samen met buren uit de hele wijk.', 'Koffie en thee staan altijd klaar.', 'Ook geschikt als je nog weinig Nederlands spreekt.',
  'Je krijgt begeleiding van een vaste coördinator.', 'We zoeken iemand die handig is met gereedschap.', 'Ervaring met kinderen is een pre.', 'Flexibele tijden, overleg is mogelijk.',
  'Het gaat om een paar uur per week.', 'Samen maken we de buurt groener en gezelliger.', 'Ideaal voor studenten en gepensioneerden.', 'Een VOG is nodig omdat je met kwetsbare mensen werkt.',
  'We werken met tijdtegoed: elk uur telt.', 'Reiskosten worden vergoed.', 'Marktconform uurloon voor vakmensen.', 'Materialen worden geleend en daarna teruggebracht.',
  'Help mee met de energietransitie in je eigen straat.', 'Ook in het Engels, Arabisch of Oekraïens.', 'Je bent welkom, waar je ook vandaan komt.', 'Startdatum in overleg.',
];
export const skills = ['koken', 'tuinieren', 'klussen', 'elektra', 'timmeren', 'lesgeven', 'taalcoach', 'tolken', 'boekhouding', 'excel', 'website', 'sjouwen', 'rijbewijs b', 'fietsen repareren', 'naaien', 'kinderopvang', 'energieadvies', 'zonnepanelen', 'logistiek', 'fondsenwerving'];
export const languages = ['nl', 'en', 'ar', 'ti', 'tr', 'uk', 'fa', 'de', 'fr', 'pl'];

function makeText() {
  const activity = pick(activities);
  const title = `${activity.charAt(0).toUpperCase()}${activity.slice(1)} ${pick(places)}`;
  const description = some(sentences, 2, 4).join(' ');
  return { title, description };
}

/**
 * Fills a migrated SQLite database with `needs` needs and `offers` offers over real postcodes (bulk
 * insert through the raw handle in one transaction; the FTS triggers run). Seeded: the same sizes give
 * the same data. Shared by `bench:search` and `bench:post-need`.
 */
export async function generateSearchData(
  sqlite: import('better-sqlite3').Database,
  codes: string[],
  lookup: (pc: string) => { lat: number; lng: number } | undefined,
  { needs: NEEDS, offers: OFFERS }: { needs: number; offers: number },
) {
  const now = new Date('2026-03-02T09:00:00.000Z');
  const iso = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86_400_000).toISOString();
  const persons = Math.ceil(OFFERS / 4);
  const orgs = Math.ceil(NEEDS / 10);
  const insertUser = sqlite.prepare(`INSERT INTO users (id, email, password_hash, display_name, locale, created_at, updated_at) VALUES (?, ?, 'x', ?, 'nl', ?, ?)`);
  const insertOrg = sqlite.prepare(`INSERT INTO organizations (id, name, type, description, postcode, domains, created_at, updated_at) VALUES (?, ?, ?, '', ?, '[]', ?, ?)`);
  const needCols = ['id', 'organization_id', 'created_by', 'kind', 'title', 'description', 'domains', 'skills', 'languages', 'postcode', 'lat', 'lng', 'lat_strip', 'remote', 'starts_at', 'ends_at', 'hours_estimate', 'people_needed', 'quantity', 'unit', 'materials_mode', 'compensation_type', 'hourly_rate_cents', 'allowance_cents', 'requires_vog', 'min_age', 'newcomer_friendly', 'open_to_asylum_seekers', 'work_permit_arranged', 'status', 'search_title', 'search_body', 'created_at', 'updated_at', 'closed_at'];
  const insertNeed = sqlite.prepare(`INSERT INTO needs (${needCols.join(', ')}) VALUES (${needCols.map((c) => `@${c}`).join(', ')})`);
  const offerCols = ['id', 'owner_user_id', 'organization_id', 'created_by', 'b2c_type', 'kind', 'title', 'description', 'domains', 'skills', 'languages', 'postcode', 'lat', 'lng', 'lat_strip', 'radius_km', 'remote', 'availability', 'available_until', 'ends_at', 'compensation_accepted', 'capacity_hours_per_month', 'quantity', 'unit', 'materials_mode', 'newcomer_friendly', 'status', 'search_title', 'search_body', 'created_at', 'updated_at', 'closed_at'];
  const insertOffer = sqlite.prepare(`INSERT INTO offers (${offerCols.join(', ')}) VALUES (${offerCols.map((c) => `@${c}`).join(', ')})`);
  const value = (table: string, owner: string, column: string) => sqlite.prepare(`INSERT INTO ${table} (${owner}, ${column}) VALUES (?, ?)`);
  const needValues = { domain: value('need_domains', 'need_id', 'domain'), language: value('need_languages', 'need_id', 'language'), skill: value('need_skills', 'need_id', 'skill') };
  const offerValues = { domain: value('offer_domains', 'offer_id', 'domain'), language: value('offer_languages', 'offer_id', 'language'), skill: value('offer_skills', 'offer_id', 'skill'), compensation: value('offer_compensations', 'offer_id', 'compensation') };

  const place = () => {
    const postcode = pick(codes);
    const at = lookup(postcode);
    if (!at) throw new Error(`unknown postcode ${postcode}`);
    return { postcode, lat: at.lat, lng: at.lng, lat_strip: latStrip(at.lat) };
  };

  sqlite.transaction(() => {
    for (let i = 0; i < persons; i++) insertUser.run(`u${i}`, `u${i}@bench.example`, `Persoon ${i}`, iso(-400), iso(-400));
    for (let i = 0; i < orgs; i++) insertOrg.run(`o${i}`, `Initiatief ${i}`, i % 10 === 0 ? 'business' : 'initiative', pick(codes), iso(-400), iso(-400));
    for (let i = 0; i < NEEDS; i++) {
      const { title, description } = makeText();
      const kind = pick(listingKinds);
      const comp = kind === 'materials' ? pick(['unpaid', 'time_credits'] as const) : pick(compensationTypes);
      const ds = some(domainCodes, 1, 3);
      const ls = some(languages, 1, 3);
      const ss = some(skills, 0, 3);
      const remote = random() < 0.05;
      const where = remote && random() < 0.5 ? { postcode: null, lat: null, lng: null, lat_strip: null } : place();
      const created = iso(-Math.floor(random() * 365));
      // About 15% of needs have ended (expired), 5% are closed, 5% filled: searches must skip them.
      const r = random();
      const ends = r < 0.15 ? iso(-Math.floor(random() * 100) - 1) : r < 0.5 ? iso(Math.floor(random() * 200) + 1) : null;
      const status = r > 0.95 ? 'closed' : r > 0.9 ? 'filled' : 'open';
      const id = `n${i}`;
      insertNeed.run({
        id, organization_id: `o${i % orgs}`, created_by: null, kind, title, description, domains: JSON.stringify(ds), skills: JSON.stringify(ss), languages: JSON.stringify(ls),
        ...where, remote: remote ? 1 : 0, starts_at: null, ends_at: ends, hours_estimate: 4, people_needed: 2,
        quantity: kind === 'materials' ? 3 : null, unit: kind === 'materials' ? 'stuks' : null, materials_mode: kind === 'materials' ? 'give' : null,
        compensation_type: comp, hourly_rate_cents: comp === 'paid' ? 1600 : null, allowance_cents: comp === 'allowance' ? 400 : null,
        requires_vog: random() < 0.2 ? 1 : 0, min_age: null, newcomer_friendly: random() < 0.3 ? 1 : 0, open_to_asylum_seekers: random() < 0.2 ? 1 : 0, work_permit_arranged: 0,
        status, search_title: searchText(title), search_body: searchText(description), created_at: created, updated_at: created, closed_at: status === 'closed' ? created : null,
      });
      for (const d of ds) needValues.domain.run(id, d);
      for (const l of ls) needValues.language.run(id, l);
      for (const s of ss) needValues.skill.run(id, s);
    }
    for (let i = 0; i < OFFERS; i++) {
      const { title, description } = makeText();
      const kind = pick(listingKinds);
      const business = i % 20 === 0;
      const comps = some(compensationTypes, 1, 3);
      const ds = some(domainCodes, 0, 2);
      const ls = some(languages, 1, 3);
      const ss = some(skills, 1, 4);
      const remote = random() < 0.1;
      const where = remote && random() < 0.5 ? { postcode: null, lat: null, lng: null, lat_strip: null } : place();
      const created = iso(-Math.floor(random() * 365));
      const r = random();
      const status = r > 0.95 ? 'closed' : 'open';
      const ends = r < 0.1 ? iso(-Math.floor(random() * 100) - 1) : null;
      const id = `f${i}`;
      insertOffer.run({
        id, owner_user_id: business ? null : `u${i % persons}`, organization_id: business ? `o${(Math.floor(i / 20) * 10) % orgs}` : null, created_by: null,
        b2c_type: business ? 'pro_bono' : null, kind, title, description, domains: JSON.stringify(ds), skills: JSON.stringify(ss), languages: JSON.stringify(ls),
        ...where, radius_km: where.postcode ? 10 + Math.floor(random() * 30) : null, remote: remote ? 1 : 0, availability: null, available_until: ends, ends_at: ends,
        compensation_accepted: JSON.stringify(comps), capacity_hours_per_month: kind === 'materials' ? null : 16,
        quantity: kind === 'materials' ? 5 : null, unit: kind === 'materials' ? 'stuks' : null, materials_mode: kind === 'materials' ? 'lend' : null,
        newcomer_friendly: random() < 0.3 ? 1 : 0, status, search_title: searchText(title), search_body: searchText(description),
        created_at: created, updated_at: created, closed_at: status === 'closed' ? created : null,
      });
      for (const d of ds) offerValues.domain.run(id, d);
      for (const l of ls) offerValues.language.run(id, l);
      for (const s of ss) offerValues.skill.run(id, s);
      for (const c of comps) offerValues.compensation.run(id, c);
    }
  })();
  // After a bulk load: merge the FTS segments and give the planner statistics, as operations would.
  sqlite.exec(`INSERT INTO needs_fts(needs_fts) VALUES ('optimize'); INSERT INTO offers_fts(offers_fts) VALUES ('optimize'); ANALYZE;`);
}
