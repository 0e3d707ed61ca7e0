/**
 * Skills as data: groups of names for the same skill (Dutch and English, as people type them), and
 * pairs of groups that are related (someone who can do one can often help with the other).
 * The first name in a group is its canonical name. Extend freely: names are compared after
 * `normalizeSkill`, so case and accents do not matter.
 */
export const synonymGroups: readonly (readonly string[])[] = [
  ['koken', 'cooking', 'kok', 'cook', 'maaltijden bereiden', 'meal preparation', 'chef'],
  ['tolken', 'interpreting', 'tolk', 'interpreter'],
  ['vertalen', 'translating', 'translation', 'vertaling', 'vertaler', 'translator'],
  ['boodschappen', 'boodschappen doen', 'groceries', 'grocery shopping', 'shopping'],
  ['fietsen repareren', 'fietsreparatie', 'fietsenmaker', 'bike repair', 'bicycle repair'],
  ['tuinieren', 'tuinonderhoud', 'groenonderhoud', 'gardening', 'garden maintenance', 'gardener', 'hovenier'],
  ['sjouwen', 'tillen', 'heavy lifting', 'lifting', 'carrying'],
  ['verhuizen', 'verhuishulp', 'moving', 'removals'],
  ['boekhouding', 'boekhouden', 'bookkeeping', 'accounting', 'accountancy'],
  ['administratie', 'administration', 'admin', 'office work', 'kantoorwerk'],
  ['excel', 'spreadsheets', 'spreadsheet'],
  ['lesgeven', 'les geven', 'teaching', 'teacher', 'docent', 'onderwijs'],
  ['huiswerkbegeleiding', 'huiswerkhulp', 'bijles', 'homework help', 'tutoring', 'tutor'],
  ['klussen', 'klusjes', 'klusser', 'odd jobs', 'handyman', 'diy', 'repairs'],
  ['elektra', 'elektricien', 'elektrotechniek', 'electrical work', 'electrician', 'electrics'],
  ['timmeren', 'timmerwerk', 'timmerman', 'houtbewerking', 'carpentry', 'carpenter', 'woodwork'],
  ['naaien', 'naaiwerk', 'kleding repareren', 'sewing', 'tailoring', 'clothing repair'],
  ['kinderopvang', 'oppassen', 'kinderen opvangen', 'childcare', 'child care', 'babysitting'],
  ['rijbewijs b', 'autorijden', 'chauffeur', 'driving licence', "driver's license", 'driving', 'driver'],
  ['schilderen', 'schilderwerk', 'verven', 'schilder', 'painting', 'painter', 'decorating'],
  ['programmeren', 'softwareontwikkeling', 'programming', 'coding', 'software development', 'developer'],
  ['website', 'websites', 'website bouwen', 'webdesign', 'web design', 'web development'],
  [
    'computerles',
    'computerlessen',
    'computerhulp',
    'digitale vaardigheden',
    'computer lessons',
    'digital skills',
    'computer help',
  ],
  ['taalcoach', 'taalmaatje', 'taalvrijwilliger', 'language coach', 'language buddy', 'dutch conversation'],
  ['fondsenwerving', 'fondsen werven', 'fundraising', 'fundraiser'],
  ['subsidieaanvragen', 'subsidies aanvragen', 'grant writing', 'grant applications'],
  ['zonnepanelen', 'zonne-energie', 'pv-installatie', 'solar panels', 'solar energy', 'solar'],
  ['energieadvies', 'energiecoach', 'energieadviseur', 'energy advice', 'energy coaching', 'energy coach'],
  ['coördinatie', 'coördineren', 'coordination', 'coordinating', 'coordinator', 'organiseren', 'organising'],
  ['projectleiding', 'projectmanagement', 'projectleider', 'project management', 'project manager'],
  ['bouw', 'bouwvakker', 'construction', 'building', 'builder'],
  ['logistiek', 'logistics', 'transport'],
  ['magazijnwerk', 'magazijn', 'voorraadbeheer', 'warehouse', 'warehouse work', 'stock management'],
  ['zorg', 'verzorging', 'mantelzorg', 'care', 'caregiving', 'personal care'],
  ['maatje', 'gezelschap', 'buddy', 'befriending', 'companionship'],
  ['sportbegeleiding', 'sporttrainer', 'trainer', 'sports coaching', 'sports trainer'],
  ['communicatie', 'social media', 'marketing', 'communication', 'communications'],
  ['fotografie', 'fotograaf', 'photography', 'photographer'],
  ['juridisch advies', 'rechtshulp', 'legal advice', 'legal aid'],
];

/** Related skills, by canonical name (symmetric). */
export const relatedPairs: readonly (readonly [string, string])[] = [
  ['tolken', 'vertalen'],
  ['taalcoach', 'lesgeven'],
  ['taalcoach', 'huiswerkbegeleiding'],
  ['lesgeven', 'huiswerkbegeleiding'],
  ['lesgeven', 'computerles'],
  ['kinderopvang', 'huiswerkbegeleiding'],
  ['computerles', 'programmeren'],
  ['website', 'programmeren'],
  ['website', 'communicatie'],
  ['boekhouding', 'administratie'],
  ['boekhouding', 'excel'],
  ['administratie', 'excel'],
  ['fondsenwerving', 'subsidieaanvragen'],
  ['fondsenwerving', 'communicatie'],
  ['klussen', 'timmeren'],
  ['klussen', 'elektra'],
  ['klussen', 'schilderen'],
  ['klussen', 'fietsen repareren'],
  ['bouw', 'timmeren'],
  ['bouw', 'klussen'],
  ['bouw', 'schilderen'],
  ['bouw', 'elektra'],
  ['elektra', 'zonnepanelen'],
  ['zonnepanelen', 'energieadvies'],
  ['sjouwen', 'verhuizen'],
  ['sjouwen', 'magazijnwerk'],
  ['logistiek', 'magazijnwerk'],
  ['logistiek', 'rijbewijs b'],
  ['boodschappen', 'rijbewijs b'],
  ['boodschappen', 'koken'],
  ['coördinatie', 'projectleiding'],
  ['zorg', 'maatje'],
  ['zorg', 'kinderopvang'],
];

/** Lower case, accents removed, single spaces: "Coördinatie " → "coordinatie". */
export function normalizeSkill(skill: string): string {
  return skill
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const canonicalByName = new Map<string, string>();
for (const group of synonymGroups) {
  const canonical = normalizeSkill(group[0] ?? '');
  for (const name of group) {
    const key = normalizeSkill(name);
    const existing = canonicalByName.get(key);
    if (existing !== undefined && existing !== canonical) throw new Error(`skill "${name}" is in two synonym groups`);
    canonicalByName.set(key, canonical);
  }
}

const relatedByCanonical = new Map<string, Set<string>>();
for (const [a, b] of relatedPairs) {
  const ca = normalizeSkill(a);
  const cb = normalizeSkill(b);
  for (const c of [ca, cb]) {
    if (canonicalByName.get(c) !== c) throw new Error(`related skill "${c}" is not the canonical name of a group`);
  }
  for (const [from, to] of [
    [ca, cb],
    [cb, ca],
  ] as const) {
    let set = relatedByCanonical.get(from);
    if (!set) relatedByCanonical.set(from, (set = new Set()));
    set.add(to);
  }
}

/**
 * Free-text skills are many but repeat a lot; a bounded memo keeps the normalisation off the hot
 * path of scoring without growing without limit in a long-running server.
 */
const memo = new Map<string, string>();
const MEMO_LIMIT = 20_000;

/** The canonical name of a skill: its synonym group's first name, or the normalised text itself. */
export function canonicalSkill(skill: string): string {
  const hit = memo.get(skill);
  if (hit !== undefined) return hit;
  const normalized = normalizeSkill(skill);
  const canonical = canonicalByName.get(normalized) ?? normalized;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(skill, canonical);
  return canonical;
}

/** Canonical skills related to a canonical skill (never the skill itself). */
export function relatedSkills(canonical: string): ReadonlySet<string> | undefined {
  return relatedByCanonical.get(canonical);
}

/**
 * Canonical names of a skill list, computed once per list: matching scores the same lists against
 * thousands of others. Keyed by the array itself, so lists must not be mutated after scoring
 * (MatchNeed/MatchCandidate declare them readonly); a WeakMap lets them be collected.
 */
const canonicalSets = new WeakMap<readonly string[], ReadonlySet<string>>();
export function canonicalSkillSet(skills: readonly string[]): ReadonlySet<string> {
  let set = canonicalSets.get(skills);
  if (!set) canonicalSets.set(skills, (set = new Set(skills.map(canonicalSkill))));
  return set;
}

export interface AskedSkill {
  name: string;
  canonical: string;
  related: readonly string[];
}
const askedLists = new WeakMap<readonly string[], readonly AskedSkill[]>();
/** A need's asked skills with their canonical and related names, computed once per list. */
export function askedSkills(skills: readonly string[]): readonly AskedSkill[] {
  let list = askedLists.get(skills);
  if (!list) {
    list = skills.map((name) => {
      const canonical = canonicalSkill(name);
      return { name, canonical, related: [...(relatedSkills(canonical) ?? [])] };
    });
    askedLists.set(skills, list);
  }
  return list;
}

const namesByCanonical = new Map<string, Set<string>>();
for (const group of synonymGroups) {
  const canonical = normalizeSkill(group[0] ?? '');
  const names = new Set<string>();
  for (const name of group) {
    names.add(name.toLowerCase());
    names.add(normalizeSkill(name));
  }
  namesByCanonical.set(canonical, names);
}

/**
 * Every stored spelling that canonicalises to one of the asked skills or their related skills:
 * stored skills are lower case as typed, so the database can look them up by value (retrieval).
 * For free text the asked spelling and its normalised form are included.
 */
export function storedSkillNames(skills: readonly string[]): string[] {
  const names = new Set<string>();
  for (const asked of askedSkills(skills)) {
    names.add(asked.name.toLowerCase().trim());
    for (const canonical of [asked.canonical, ...asked.related]) {
      names.add(canonical);
      for (const name of namesByCanonical.get(canonical) ?? []) names.add(name);
    }
  }
  return [...names];
}
