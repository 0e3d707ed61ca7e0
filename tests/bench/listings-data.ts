/**
 * The seeded NL-scale listings data set shared by `bench:search`, `bench:post-need` and `bench:load`, and the sinks
 * that write it: SQLite through prepared statements in one transaction (the FTS triggers run), and
 * PostgreSQL in multi-row INSERTs (the generated tsvector columns fill themselves).
 */
import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { latStrip } from '../../server/modules/listings/location.ts';
import { loadPostcodeDirectory } from '../../server/modules/postcodes/directory.ts';
import { searchText } from '../../server/modules/listings/search-text.ts';
import { compensationTypes, listingKinds } from '../../shared/schemas/listings.ts';
import { domainCodes } from '../../shared/vocabulary.ts';
import { picker, rng } from './seeded-random.ts';
import { compoundWords, placeWords, zipfVocabulary, type Vocabulary } from './vocabulary.ts';

const random = rng(20261126);
const pick = picker(random);
const some = <T>(list: readonly T[], min: number, max: number): T[] => {
  const n = min + Math.floor(random() * (max - min + 1));
  return [...new Set(Array.from({ length: n }, () => pick(list)))];
};

const activities = [
  'buurtmaaltijd koken',
  'moestuin aanleggen',
  'fietsen repareren',
  'taalcafé begeleiden',
  'huiswerkbegeleiding geven',
  'voedselpakketten inpakken',
  'geveltuinen planten',
  'energiecoach aan huis',
  'zonnepanelen plaatsen',
  'verhuizing helpen',
  'computerles geven',
  'boodschappen doen voor ouderen',
  'mantelzorger ontlasten',
  'wandelvoetbal begeleiden',
  'buurthuis schilderen',
  'naaiatelier begeleiden',
  'speeltuin opknappen',
  'kledingbank sorteren',
  'repair café draaien',
  'boekhouding van de vereniging',
  'website bouwen',
  'subsidieaanvraag schrijven',
  'tolken bij gesprekken',
  'busje rijden',
  'klussen in huis',
  'bomen planten',
  'zwerfafval opruimen',
  'festival opbouwen',
  'koffie schenken',
  'sollicitatietraining geven',
  'fietsles voor nieuwkomers',
  'dakdekken bij de stadsboerderij',
  'elektra aanleggen',
  'kinderopvang tijdens activiteiten',
  'schuldhulp maatje',
  'juridisch advies',
  'fotografie voor de nieuwsbrief',
  'social media beheren',
  'koor begeleiden',
  'theaterdecor bouwen',
  'rolstoelwandeling',
  'voorlezen op school',
  'isolatie van buurthuis',
  'tuinonderhoud',
];
const places = [
  'in de wijk',
  'bij het buurthuis',
  'in het park',
  'op de stadsboerderij',
  'bij de voedselbank',
  'op school',
  'in de bibliotheek',
  'aan huis',
  'in het wijkcentrum',
];
const sentences = [
  'Geen ervaring nodig, we leren je alles.',
  'Je werkt samen met buren uit de hele wijk.',
  'Koffie en thee staan altijd klaar.',
  'Ook geschikt als je nog weinig Nederlands spreekt.',
  'Je krijgt begeleiding van een vaste coördinator.',
  'We zoeken iemand die handig is met gereedschap.',
  'Ervaring met kinderen is een pre.',
  'Flexibele tijden, overleg is mogelijk.',
  'Het gaat om een paar uur per week.',
  'Samen maken we de buurt groener en gezelliger.',
  'Ideaal voor studenten en gepensioneerden.',
  'Een VOG is nodig omdat je met kwetsbare mensen werkt.',
  'We werken met tijdtegoed: elk uur telt.',
  'Reiskosten worden vergoed.',
  'Marktconform uurloon voor vakmensen.',
  'Materialen worden geleend en daarna teruggebracht.',
  'Help mee met de energietransitie in je eigen straat.',
  'Ook in het Engels, Arabisch of Oekraïens.',
  'Je bent welkom, waar je ook vandaan komt.',
  'Startdatum in overleg.',
];
export const skills = [
  'koken',
  'tuinieren',
  'klussen',
  'elektra',
  'timmeren',
  'lesgeven',
  'taalcoach',
  'tolken',
  'boekhouding',
  'excel',
  'website',
  'sjouwen',
  'rijbewijs b',
  'fietsen repareren',
  'naaien',
  'kinderopvang',
  'energieadvies',
  'zonnepanelen',
  'logistiek',
  'fondsenwerving',
];
export const languages = ['nl', 'en', 'ar', 'ti', 'tr', 'uk', 'fa', 'de', 'fr', 'pl'];

const capital = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/**
 * A title and description: an activity, a compound or two from the Zipf-like vocabulary and the
 * listing's own place name, so single words hit anywhere from one listing to a few percent.
 */
function makeText(vocabulary: Vocabulary, placeName: string | null) {
  const activity = pick(activities);
  const where = placeName ? `in ${placeName}` : pick(places);
  const title = `${capital(vocabulary.draw())}: ${activity} ${where}`;
  const description = `${some(sentences, 2, 4).join(' ')} Denk aan ${vocabulary.draw()}, ${vocabulary.draw()} en ${vocabulary.draw()}.`;
  return { title, description };
}

/** The benchmark's vocabulary (≥ 5,000 words): Dutch compounds and the place names of the postcodes. */
export function benchVocabulary(placeNames: readonly string[], seed = 20261206): Vocabulary {
  return zipfVocabulary([...compoundWords(), ...placeWords(placeNames)], seed);
}

/** Where generated rows go: one call per row, tables in dependency order. */
export type RowSink = (table: string, row: Record<string, string | number | null>) => void;

/**
 * NL-scale listings (`needs` needs, `offers` offers, a person per 4 offers, an organisation per 10
 * needs) over real PC4 postcodes, the same rows on every run (seeded). Dialect-neutral: rows go to
 * `sink` (see sqliteSink, postgresSink).
 */
type Lookup = (pc: string) => { lat: number; lng: number; place: string } | undefined;

export function generateListings(
  sink: RowSink,
  sizes: { needs: number; offers: number },
  codes: string[],
  lookup: Lookup,
): void {
  const NEEDS = sizes.needs;
  const OFFERS = sizes.offers;
  const now = new Date('2026-03-02T09:00:00.000Z');
  const iso = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86_400_000).toISOString();
  const persons = Math.ceil(OFFERS / 4);
  const orgs = Math.ceil(NEEDS / 10);
  const value = (table: string, owner: string, column: string) => ({
    run: (id: string, v: string) => sink(table, { [owner]: id, [column]: v }),
  });
  const needValues = {
    domain: value('need_domains', 'need_id', 'domain'),
    language: value('need_languages', 'need_id', 'language'),
    skill: value('need_skills', 'need_id', 'skill'),
  };
  const offerValues = {
    domain: value('offer_domains', 'offer_id', 'domain'),
    language: value('offer_languages', 'offer_id', 'language'),
    skill: value('offer_skills', 'offer_id', 'skill'),
    compensation: value('offer_compensations', 'offer_id', 'compensation'),
  };

  const placeNames = codes.map((c) => lookup(c)?.place ?? '');
  const vocabulary = benchVocabulary(placeNames);
  const place = () => {
    const postcode = pick(codes);
    const at = lookup(postcode);
    if (!at) throw new Error(`unknown postcode ${postcode}`);
    return { postcode, lat: at.lat, lng: at.lng, lat_strip: latStrip(at.lat), name: at.place };
  };
  const located = () => {
    const { name, ...where } = place();
    return { where, name };
  };
  const nowhere = { where: { postcode: null, lat: null, lng: null, lat_strip: null }, name: null };

  {
    for (let i = 0; i < persons; i++)
      sink('users', {
        id: `u${i}`,
        email: `u${i}@bench.example`,
        password_hash: 'x',
        display_name: `Persoon ${i}`,
        locale: 'nl',
        created_at: iso(-400),
        updated_at: iso(-400),
      });
    for (let i = 0; i < orgs; i++)
      sink('organizations', {
        id: `o${i}`,
        name: `Initiatief ${i}`,
        type: i % 10 === 0 ? 'business' : 'initiative',
        description: '',
        postcode: pick(codes),
        domains: '[]',
        created_at: iso(-400),
        updated_at: iso(-400),
      });
    for (let i = 0; i < NEEDS; i++) {
      const kind = pick(listingKinds);
      const comp = kind === 'materials' ? pick(['unpaid', 'time_credits'] as const) : pick(compensationTypes);
      const ds = some(domainCodes, 1, 3);
      const ls = some(languages, 1, 3);
      const ss = some(skills, 0, 3);
      const remote = random() < 0.05;
      const { where, name } = remote && random() < 0.5 ? nowhere : located();
      const { title, description } = makeText(vocabulary, name);
      const created = iso(-Math.floor(random() * 365));
      // About 15% of needs have ended (expired), 5% are closed, 5% filled: searches must skip them.
      const r = random();
      const ends =
        r < 0.15 ? iso(-Math.floor(random() * 100) - 1) : r < 0.5 ? iso(Math.floor(random() * 200) + 1) : null;
      const status = r > 0.95 ? 'closed' : r > 0.9 ? 'filled' : 'open';
      const id = `n${i}`;
      sink('needs', {
        id,
        organization_id: `o${i % orgs}`,
        created_by: null,
        kind,
        title,
        description,
        domains: JSON.stringify(ds),
        skills: JSON.stringify(ss),
        languages: JSON.stringify(ls),
        ...where,
        remote: remote ? 1 : 0,
        starts_at: null,
        ends_at: ends,
        hours_estimate: 4,
        people_needed: 2,
        quantity: kind === 'materials' ? 3 : null,
        unit: kind === 'materials' ? 'stuks' : null,
        materials_mode: kind === 'materials' ? 'give' : null,
        compensation_type: comp,
        hourly_rate_cents: comp === 'paid' ? 1600 : null,
        allowance_cents: comp === 'allowance' ? 400 : null,
        requires_vog: random() < 0.2 ? 1 : 0,
        min_age: null,
        newcomer_friendly: random() < 0.3 ? 1 : 0,
        open_to_asylum_seekers: random() < 0.2 ? 1 : 0,
        work_permit_arranged: 0,
        status,
        search_title: searchText(title),
        search_body: searchText(description),
        created_at: created,
        updated_at: created,
        closed_at: status === 'closed' ? created : null,
      });
      for (const d of ds) needValues.domain.run(id, d);
      for (const l of ls) needValues.language.run(id, l);
      for (const s of ss) needValues.skill.run(id, s);
    }
    for (let i = 0; i < OFFERS; i++) {
      const kind = pick(listingKinds);
      const business = i % 20 === 0;
      const comps = some(compensationTypes, 1, 3);
      const ds = some(domainCodes, 0, 2);
      const ls = some(languages, 1, 3);
      const ss = some(skills, 1, 4);
      const remote = random() < 0.1;
      const { where, name } = remote && random() < 0.5 ? nowhere : located();
      const { title, description } = makeText(vocabulary, name);
      const created = iso(-Math.floor(random() * 365));
      const r = random();
      const status = r > 0.95 ? 'closed' : 'open';
      const ends = r < 0.1 ? iso(-Math.floor(random() * 100) - 1) : null;
      const id = `f${i}`;
      sink('offers', {
        id,
        owner_user_id: business ? null : `u${i % persons}`,
        organization_id: business ? `o${(Math.floor(i / 20) * 10) % orgs}` : null,
        created_by: null,
        b2c_type: business ? 'pro_bono' : null,
        kind,
        title,
        description,
        domains: JSON.stringify(ds),
        skills: JSON.stringify(ss),
        languages: JSON.stringify(ls),
        ...where,
        radius_km: where.postcode ? 10 + Math.floor(random() * 30) : null,
        remote: remote ? 1 : 0,
        availability: null,
        available_until: ends,
        ends_at: ends,
        compensation_accepted: JSON.stringify(comps),
        capacity_hours_per_month: kind === 'materials' ? null : 16,
        quantity: kind === 'materials' ? 5 : null,
        unit: kind === 'materials' ? 'stuks' : null,
        materials_mode: kind === 'materials' ? 'lend' : null,
        newcomer_friendly: random() < 0.3 ? 1 : 0,
        status,
        search_title: searchText(title),
        search_body: searchText(description),
        created_at: created,
        updated_at: created,
        closed_at: status === 'closed' ? created : null,
      });
      for (const d of ds) offerValues.domain.run(id, d);
      for (const l of ls) offerValues.language.run(id, l);
      for (const s of ss) offerValues.skill.run(id, s);
      for (const c of comps) offerValues.compensation.run(id, c);
    }
  }
}

/** A migrated SQLite database in `file` for a benchmark, with the postcode directory and its address codes. */
export async function openBenchDatabase(file: string) {
  const database = await createDb(`sqlite:${file}`);
  const sqlite = database.sqlite;
  if (!sqlite) throw new Error('expected SQLite');
  await migrateToLatest(database.db);
  const postcodes = loadPostcodeDirectory();
  return { database, sqlite, postcodes, codes: postcodes.addressCodes() };
}

/** Writes the data set into SQLite in one transaction, then merges FTS segments and runs ANALYZE, as operations would after a bulk load. */
export function generateIntoSqlite(
  sqlite: SqliteDatabase.Database,
  ...args: [sizes: { needs: number; offers: number }, codes: string[], lookup: Lookup]
): void {
  const statements = new Map<string, SqliteDatabase.Statement>();
  sqlite.transaction(() => {
    generateListings(
      (table, row) => {
        const columns = Object.keys(row);
        const key = `${table}:${columns.join(',')}`;
        let statement = statements.get(key);
        if (!statement) {
          statement = sqlite.prepare(
            `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
          );
          statements.set(key, statement);
        }
        statement.run(row);
      },
      ...args,
    );
  })();
  sqlite.exec(
    `INSERT INTO needs_fts(needs_fts) VALUES ('optimize'); INSERT INTO offers_fts(offers_fts) VALUES ('optimize'); ANALYZE;`,
  );
}

/** Writes the data set into PostgreSQL in batches of multi-row INSERTs (tables in dependency order), then ANALYZE. */
export async function generateIntoPostgres(
  db: Kysely<any>,
  ...args: [sizes: { needs: number; offers: number }, codes: string[], lookup: Lookup]
): Promise<void> {
  const tables = new Map<string, Record<string, string | number | null>[]>();
  generateListings(
    (table, row) => {
      const rows = tables.get(table) ?? [];
      rows.push(row);
      tables.set(table, rows);
    },
    ...args,
  );
  for (const [table, rows] of tables) {
    const columns = Object.keys(rows[0] ?? {}).length || 1;
    const batch = Math.max(1, Math.floor(30_000 / columns));
    for (let i = 0; i < rows.length; i += batch)
      await db
        .insertInto(table)
        .values(rows.slice(i, i + batch))
        .execute();
  }
  await sql`analyze`.execute(db);
}
