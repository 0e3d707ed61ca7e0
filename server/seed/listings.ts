import type { AppContext } from '../context.ts';
import * as listings from '../modules/listings/service.ts';
import type { CreateNeedBody, CreateOfferBody } from '../../shared/schemas/listings.ts';
import { createNeedBody, createOfferBody } from '../../shared/schemas/listings.ts';
import type { SeededPeople } from './people.ts';

const DAY = 24 * 60 * 60 * 1000;

type NeedInput = Omit<
  CreateNeedBody,
  | 'organizationId'
  | 'description'
  | 'skills'
  | 'languages'
  | 'remote'
  | 'requirements'
  | 'newcomerFriendly'
  | 'openToAsylumSeekers'
  | 'workPermitArranged'
> &
  Partial<
    Pick<
      CreateNeedBody,
      | 'description'
      | 'skills'
      | 'languages'
      | 'remote'
      | 'requirements'
      | 'newcomerFriendly'
      | 'openToAsylumSeekers'
      | 'workPermitArranged'
    >
  >;

interface DemoNeed {
  org: string;
  /** Days from now to the start and end, so the demo stays current whenever it is seeded. */
  startInDays?: number;
  endInDays?: number;
  need: Omit<NeedInput, 'startsAt' | 'endsAt'>;
}

/**
 * Fictional needs of the demo organisations: every kind, every domain and every compensation
 * type, paid and unpaid side by side. Amounts respect the current statutory figures (paid ≥ the
 * minimum wage, allowances ≤ the tax-free hourly maximum).
 */
const needs: DemoNeed[] = [
  {
    org: 'buurtkracht',
    startInDays: 4,
    endInDays: 60,
    need: {
      kind: 'hands',
      title: 'Koks voor de buurtmaaltijd op vrijdag',
      description:
        'Elke vrijdag koken we met buren voor dertig mensen. Je hoeft geen Nederlands te spreken: koken is een taal.',
      domains: ['food', 'social_inclusion'],
      skills: ['koken'],
      languages: ['nl', 'ar', 'en'],
      postcode: '1012AB',
      hoursEstimate: 4,
      peopleNeeded: 3,
      compensation: { type: 'time_credits' },
      newcomerFriendly: true,
      openToAsylumSeekers: true,
    },
  },
  {
    org: 'buurtkracht',
    need: {
      kind: 'knowledge',
      title: 'Taalmaatje voor het taalcafé',
      description: 'Oefen Nederlands met nieuwe Amsterdammers, een uur per week in het taalcafé.',
      domains: ['language_integration'],
      skills: ['taalcoach'],
      languages: ['nl'],
      postcode: '1012',
      hoursEstimate: 20,
      peopleNeeded: 5,
      compensation: { type: 'unpaid' },
      requirements: { vog: false, minAge: 18 },
    },
  },
  {
    org: 'buurtkracht',
    need: {
      kind: 'materials',
      title: 'Grote kookpannen en een gasstel',
      description: 'Voor de buurtmaaltijd zoeken we twee pannen van 20 liter en een gasstel, te leen of als gift.',
      domains: ['food'],
      postcode: '1012',
      quantity: 2,
      unit: 'pannen',
      materialsMode: 'give',
      compensation: { type: 'unpaid' },
    },
  },
  {
    org: 'groenestad',
    startInDays: 10,
    endInDays: 12,
    need: {
      kind: 'hands',
      title: 'Geveltuinen aanleggen in het Oude Westen',
      description: 'Tegels eruit, planten erin: help een weekend mee met geveltuinen voor twintig straten.',
      domains: ['greening', 'social_inclusion'],
      skills: ['tuinieren', 'sjouwen'],
      languages: ['nl', 'en', 'ar'],
      postcode: '3011',
      hoursEstimate: 12,
      peopleNeeded: 15,
      compensation: { type: 'allowance', allowanceCents: 450 },
      newcomerFriendly: true,
      openToAsylumSeekers: true,
    },
  },
  {
    org: 'groenestad',
    need: {
      kind: 'materials',
      title: 'Regentonnen en plantenbakken te leen',
      description: 'Voor de daktuin lenen we regentonnen en houten bakken voor één seizoen.',
      domains: ['greening'],
      postcode: '3011',
      quantity: 10,
      unit: 'stuks',
      materialsMode: 'lend',
      compensation: { type: 'time_credits' },
    },
  },
  {
    org: 'energiezwolle',
    need: {
      kind: 'knowledge',
      title: 'Energiecoach voor huishoudens met een hoge energierekening',
      description:
        'Je bezoekt bewoners thuis en geeft advies over besparen, tochtstrips en de energietoeslag. Training wordt gegeven.',
      domains: ['energy', 'poverty'],
      skills: ['energieadvies'],
      languages: ['nl', 'de'],
      postcode: '8011',
      hoursEstimate: 8,
      peopleNeeded: 6,
      compensation: { type: 'allowance', allowanceCents: 500 },
      requirements: { vog: true, minAge: 18 },
    },
  },
  {
    org: 'energiezwolle',
    startInDays: 21,
    endInDays: 120,
    need: {
      kind: 'hands',
      title: 'Installateur zonnepanelen (betaald, parttime)',
      description: 'Betaalde klus: zonnepanelen plaatsen op het dak van de sporthal, samen met onze vakman.',
      domains: ['energy', 'work'],
      skills: ['zonnepanelen', 'elektra'],
      languages: ['nl'],
      postcode: '8011',
      hoursEstimate: 120,
      peopleNeeded: 2,
      compensation: { type: 'paid', hourlyRateCents: 1950 },
      openToAsylumSeekers: true,
      workPermitArranged: true,
    },
  },
  {
    org: 'voedselbank',
    startInDays: 2,
    need: {
      kind: 'hands',
      title: 'Pakketten inpakken op donderdag',
      description: 'Sorteer en pak voedselpakketten in het magazijn. Geen ervaring nodig, wel stevige schoenen.',
      domains: ['poverty', 'food'],
      skills: ['logistiek', 'sjouwen'],
      languages: ['nl', 'ti', 'en'],
      postcode: '9711',
      hoursEstimate: 3,
      peopleNeeded: 8,
      compensation: { type: 'unpaid' },
      newcomerFriendly: true,
      openToAsylumSeekers: true,
    },
  },
  {
    org: 'voedselbank',
    need: {
      kind: 'hands',
      title: 'Chauffeur bestelbus (rijbewijs B)',
      description: 'Haal op zaterdag producten op bij supermarkten in de stad.',
      domains: ['food', 'poverty'],
      skills: ['rijbewijs b'],
      languages: ['nl'],
      postcode: '9711',
      hoursEstimate: 5,
      peopleNeeded: 2,
      compensation: { type: 'allowance', allowanceCents: 350 },
      requirements: { vog: false, minAge: 21 },
    },
  },
  {
    org: 'taalhuis',
    need: {
      kind: 'knowledge',
      title: 'Computerles voor beginners geven',
      description: 'Leer nieuwe Hagenaars mailen, DigiD gebruiken en solliciteren op internet.',
      domains: ['education', 'language_integration', 'work'],
      skills: ['computerles'],
      languages: ['nl', 'en', 'fa'],
      postcode: '2511',
      remote: false,
      hoursEstimate: 30,
      peopleNeeded: 4,
      compensation: { type: 'time_credits' },
      newcomerFriendly: true,
    },
  },
  {
    org: 'taalhuis',
    need: {
      kind: 'knowledge',
      title: 'Online huiswerkhulp wiskunde',
      description: 'Help scholieren via videobellen met wiskunde, twee avonden per week.',
      domains: ['education'],
      skills: ['lesgeven', 'wiskunde'],
      languages: ['nl', 'ar', 'tr'],
      postcode: null,
      remote: true,
      hoursEstimate: 40,
      peopleNeeded: 3,
      compensation: { type: 'unpaid' },
      requirements: { vog: true, minAge: 18 },
    },
  },
  {
    org: 'repaircafe',
    need: {
      kind: 'hands',
      title: 'Fietsenmaker voor het Repair Café',
      description: 'Repareer op zaterdag samen met bezoekers hun fiets.',
      domains: ['greening', 'social_inclusion'],
      skills: ['fietsen repareren'],
      languages: ['nl', 'en'],
      postcode: '5611',
      hoursEstimate: 4,
      peopleNeeded: 2,
      compensation: { type: 'time_credits' },
      newcomerFriendly: true,
    },
  },
  {
    org: 'repaircafe',
    need: {
      kind: 'materials',
      title: 'Gereedschap en naaimachine',
      description: 'We zoeken een werkende naaimachine en een set schroevendraaiers.',
      domains: ['greening'],
      postcode: '5611',
      quantity: 2,
      unit: 'sets',
      materialsMode: 'give',
      compensation: { type: 'unpaid' },
    },
  },
  {
    org: 'mantelzorg',
    need: {
      kind: 'hands',
      title: 'Maatje voor een mantelzorger',
      description: 'Neem een middag per week de zorg over, zodat de mantelzorger even vrij is.',
      domains: ['informal_care', 'health_sport'],
      skills: ['zorg', 'gezelschap'],
      languages: ['nl'],
      postcode: '3511',
      hoursEstimate: 16,
      peopleNeeded: 10,
      compensation: { type: 'allowance', allowanceCents: 300 },
      requirements: { vog: true, minAge: 18 },
      openToAsylumSeekers: true,
    },
  },
  {
    org: 'mantelzorg',
    need: {
      kind: 'knowledge',
      title: 'Advies over een subsidieaanvraag',
      description: 'Wie helpt ons een aanvraag bij het fonds te schrijven?',
      domains: ['informal_care'],
      skills: ['fondsenwerving'],
      languages: ['nl', 'en'],
      postcode: '3511',
      remote: true,
      hoursEstimate: 6,
      peopleNeeded: 1,
      compensation: { type: 'unpaid' },
    },
  },
  {
    org: 'wijkwerk',
    need: {
      kind: 'knowledge',
      title: 'Leermeester houtbewerking (betaald)',
      description: 'Begeleid deelnemers op weg naar werk in de houtwerkplaats, twee dagen per week.',
      domains: ['work', 'education'],
      skills: ['timmeren', 'lesgeven'],
      languages: ['nl', 'tr'],
      postcode: '7511',
      hoursEstimate: 300,
      peopleNeeded: 1,
      compensation: { type: 'paid', hourlyRateCents: 2300 },
    },
  },
  {
    org: 'wijkwerk',
    need: {
      kind: 'materials',
      title: 'Tweedehands fietsen voor de leerwerkplaats',
      description: 'Oude fietsen krijgen bij ons een tweede leven en gaan naar statushouders.',
      domains: ['work', 'social_inclusion'],
      postcode: '7511',
      quantity: 25,
      unit: 'fietsen',
      materialsMode: 'give',
      compensation: { type: 'time_credits' },
    },
  },
  {
    org: 'cultuur',
    need: {
      kind: 'hands',
      title: 'Naaiatelier begeleiden',
      description: 'Help in het naaiatelier van het buurthuis: patronen, zomen, gezelligheid.',
      domains: ['culture', 'social_inclusion'],
      skills: ['naaien'],
      languages: ['nl', 'ar'],
      postcode: '6511',
      hoursEstimate: 3,
      peopleNeeded: 2,
      compensation: { type: 'time_credits' },
      newcomerFriendly: true,
      openToAsylumSeekers: true,
    },
  },
  {
    org: 'cultuur',
    startInDays: 30,
    endInDays: 31,
    need: {
      kind: 'hands',
      title: 'Opbouw buurtfestival en nachtwacht',
      description: 'Help het podium opbouwen en houd in de nacht een oogje in het zeil.',
      domains: ['culture', 'safety'],
      skills: ['sjouwen'],
      languages: ['nl', 'en'],
      postcode: '6511',
      hoursEstimate: 10,
      peopleNeeded: 12,
      compensation: { type: 'allowance', allowanceCents: 560 },
      requirements: { vog: false, minAge: 18 },
    },
  },
  {
    org: 'maastricht',
    need: {
      kind: 'hands',
      title: 'Sportbegeleider bij de beweegclub',
      description: 'Begeleid senioren en nieuwkomers bij wandelvoetbal en stoelyoga.',
      domains: ['health_sport', 'social_inclusion'],
      skills: ['sport'],
      languages: ['nl', 'en', 'fr'],
      postcode: '6211',
      hoursEstimate: 6,
      peopleNeeded: 3,
      compensation: { type: 'unpaid' },
      newcomerFriendly: true,
    },
  },
  {
    org: 'maastricht',
    need: {
      kind: 'hands',
      title: 'Klusjesman woningaanpassing (betaald)',
      description: 'Kleine aanpassingen in huizen van ouderen: beugels, drempels weg. Marktconform uurloon.',
      domains: ['housing', 'safety'],
      skills: ['klussen'],
      languages: ['nl'],
      postcode: '6211',
      hoursEstimate: 40,
      peopleNeeded: 1,
      compensation: { type: 'paid', hourlyRateCents: 2600 },
    },
  },
  {
    org: 'gemeente',
    need: {
      kind: 'knowledge',
      title: 'Sparringpartner voor bewonersinitiatieven',
      description: 'Deel je ervaring met initiatieven die net beginnen: plan, financiering, vrijwilligers.',
      domains: ['social_inclusion', 'work'],
      skills: ['coördinatie', 'projectleiding'],
      languages: ['nl', 'en'],
      postcode: '3511',
      remote: true,
      hoursEstimate: 10,
      peopleNeeded: 4,
      compensation: { type: 'time_credits' },
    },
  },
  {
    org: 'bouwvandijk',
    need: {
      kind: 'hands',
      title: 'Leerling-timmerman (betaald, met begeleiding)',
      description: 'Werkervaringsplek op de bouw voor iemand op weg naar werk; begeleiding in het Engels mogelijk.',
      domains: ['housing', 'work'],
      skills: ['timmeren'],
      languages: ['nl', 'en'],
      postcode: '5611',
      hoursEstimate: 500,
      peopleNeeded: 2,
      compensation: { type: 'paid', hourlyRateCents: 1600 },
      newcomerFriendly: true,
      openToAsylumSeekers: true,
      workPermitArranged: true,
    },
  },
];

type OfferInput = Omit<
  CreateOfferBody,
  'description' | 'domains' | 'skills' | 'languages' | 'remote' | 'newcomerFriendly'
> &
  Partial<Pick<CreateOfferBody, 'description' | 'domains' | 'skills' | 'languages' | 'remote' | 'newcomerFriendly'>>;

interface DemoOffer {
  /** A person's own offer, or a business offer made by a manager of the organisation. */
  by: string;
  org?: string;
  offer: Omit<OfferInput, 'organizationId'>;
}

/** `day(n)`: the date n days from now, so dated offers stay current whenever the demo is seeded. */
const offers = (day: (days: number) => string): DemoOffer[] => [
  {
    by: 'fatima',
    offer: {
      kind: 'hands',
      title: 'Koken voor groepen en tolken Arabisch',
      description: 'Ik kook graag voor grote groepen en tolk Arabisch–Nederlands.',
      domains: ['food', 'language_integration'],
      skills: ['koken', 'tolken'],
      languages: ['nl', 'ar', 'en'],
      postcode: '1012AB',
      radiusKm: 8,
      availability: {
        type: 'weekly',
        slots: [
          { day: 'fri', from: '15:00', to: '21:00' },
          { day: 'sat', from: '10:00', to: '14:00' },
        ],
      },
      compensationAccepted: ['unpaid', 'time_credits', 'paid'],
      capacityHoursPerMonth: 24,
      newcomerFriendly: true,
    },
  },
  {
    by: 'yonas',
    offer: {
      kind: 'hands',
      title: 'Fietsen repareren en tuinwerk',
      description: 'Ik repareer fietsen en help in de tuin. Ik spreek Tigrinya en Engels.',
      domains: ['greening'],
      skills: ['fietsen repareren', 'tuinieren', 'sjouwen'],
      languages: ['ti', 'en'],
      postcode: '9711',
      radiusKm: 15,
      availability: {
        type: 'weekly',
        slots: [
          { day: 'tue', from: '09:00', to: '17:00' },
          { day: 'thu', from: '09:00', to: '17:00' },
        ],
      },
      compensationAccepted: ['unpaid', 'time_credits', 'allowance'],
      capacityHoursPerMonth: 40,
      newcomerFriendly: true,
    },
  },
  {
    by: 'olena',
    offer: {
      kind: 'knowledge',
      title: 'Boekhouding en Excel voor verenigingen',
      description: 'Ervaren boekhouder uit Kyiv: jaarrekening, begroting, Excel-trainingen.',
      domains: ['work', 'education'],
      skills: ['boekhouding', 'excel'],
      languages: ['uk', 'en', 'nl'],
      postcode: '3011',
      radiusKm: 25,
      remote: true,
      compensationAccepted: ['paid', 'allowance', 'time_credits'],
      capacityHoursPerMonth: 30,
    },
  },
  {
    by: 'kees',
    offer: {
      kind: 'hands',
      title: 'Klussen, elektra en timmerwerk',
      description: 'Gepensioneerd elektricien, handig met hout. VOG aanwezig.',
      domains: ['housing', 'safety'],
      skills: ['klussen', 'elektra', 'timmeren'],
      languages: ['nl'],
      postcode: '5611',
      radiusKm: 20,
      compensationAccepted: ['unpaid', 'time_credits'],
      capacityHoursPerMonth: 20,
    },
  },
  {
    by: 'kees',
    offer: {
      kind: 'materials',
      title: 'Steigers en ladders te leen',
      description: 'Een rolsteiger en twee ladders, op te halen in Strijp.',
      domains: ['housing'],
      postcode: '5611',
      radiusKm: 30,
      quantity: 3,
      unit: 'stuks',
      materialsMode: 'lend',
      compensationAccepted: ['unpaid', 'time_credits'],
    },
  },
  {
    by: 'samira',
    offer: {
      kind: 'hands',
      title: 'Naailes en kinderopvang tijdens activiteiten',
      description: 'Ik geef naailes en pas op kinderen terwijl ouders meedoen.',
      domains: ['culture', 'informal_care'],
      skills: ['naaien', 'kinderopvang'],
      languages: ['ar', 'nl'],
      postcode: '6511',
      radiusKm: 10,
      availability: { type: 'weekly', slots: [{ day: 'wed', from: '13:00', to: '17:00' }] },
      compensationAccepted: ['unpaid', 'time_credits', 'allowance'],
      capacityHoursPerMonth: 16,
      newcomerFriendly: true,
    },
  },
  {
    by: 'mehmet',
    offer: {
      kind: 'hands',
      title: 'Busje rijden en verhuizen',
      description: 'Met rijbewijs B help ik bij verhuizingen en ophaalrondes.',
      domains: ['poverty', 'social_inclusion'],
      skills: ['rijbewijs b', 'sjouwen', 'schilderen'],
      languages: ['tr', 'nl', 'de'],
      postcode: '7511',
      radiusKm: 40,
      availability: { type: 'dates', dates: [day(9), day(16), day(23)] },
      compensationAccepted: ['allowance', 'paid'],
      capacityHoursPerMonth: 12,
    },
  },
  {
    by: 'reza',
    offer: {
      kind: 'knowledge',
      title: 'Websites bouwen en computerles',
      description: 'Ik bouw eenvoudige websites en geef computerles in het Perzisch en Engels.',
      domains: ['education', 'work'],
      skills: ['programmeren', 'website', 'computerles'],
      languages: ['fa', 'en'],
      postcode: '2511',
      remote: true,
      compensationAccepted: ['unpaid', 'time_credits'],
      capacityHoursPerMonth: 20,
      newcomerFriendly: true,
    },
  },
  {
    by: 'anouk',
    offer: {
      kind: 'knowledge',
      title: 'Taalcoach en hulp bij fondsenwerving',
      description: 'Oud-docent Frans, taalcoach, ervaring met fondsaanvragen.',
      domains: ['language_integration', 'education'],
      skills: ['taalcoach', 'lesgeven', 'fondsenwerving'],
      languages: ['nl', 'en', 'fr'],
      postcode: '3511',
      radiusKm: 15,
      remote: true,
      compensationAccepted: ['unpaid', 'time_credits'],
      capacityHoursPerMonth: 10,
    },
  },
  {
    by: 'pieter',
    offer: {
      kind: 'knowledge',
      title: 'Energieadvies en zonnepanelen',
      description: 'Installateur met hart voor de buurt: advies aan huis, ook betaald werk.',
      domains: ['energy'],
      skills: ['zonnepanelen', 'energieadvies', 'elektra'],
      languages: ['nl'],
      postcode: '8011',
      radiusKm: 30,
      compensationAccepted: ['paid', 'time_credits'],
      capacityHoursPerMonth: 40,
    },
  },
  {
    by: 'bram',
    org: 'bouwvandijk',
    offer: {
      b2cType: 'employee_volunteering',
      kind: 'hands',
      title: 'Teamdag: 8 bouwvakkers voor een buurtproject',
      description: 'Onze medewerkers bouwen een dag mee aan een buurthuis, speeltuin of moestuin.',
      domains: ['housing', 'greening'],
      skills: ['bouw', 'timmeren'],
      languages: ['nl', 'en'],
      postcode: '5611',
      radiusKm: 50,
      availability: { type: 'dates', dates: [day(40), day(95)] },
      compensationAccepted: ['unpaid'],
      capacityHoursPerMonth: 64,
    },
  },
  {
    by: 'bram',
    org: 'bouwvandijk',
    offer: {
      b2cType: 'materials',
      kind: 'materials',
      title: 'Restmateriaal: hout en gipsplaten',
      description: 'Resthout en gipsplaten van onze bouwplaatsen, gratis op te halen.',
      domains: ['housing'],
      postcode: '5611',
      radiusKm: 60,
      quantity: 40,
      unit: 'platen',
      materialsMode: 'give',
      compensationAccepted: ['unpaid'],
    },
  },
  {
    by: 'bram',
    org: 'bouwvandijk',
    offer: {
      b2cType: 'paid_assignment',
      kind: 'hands',
      title: 'Sociale inkoop: renovatie door leerwerkteam',
      description: 'Wij nemen renovatieklussen aan met een leerwerkteam (social return).',
      domains: ['housing', 'work'],
      skills: ['bouw', 'projectleiding'],
      languages: ['nl'],
      postcode: '5611',
      radiusKm: 80,
      compensationAccepted: ['paid'],
      capacityHoursPerMonth: 160,
    },
  },
  {
    by: 'reza',
    org: 'itbureau',
    offer: {
      b2cType: 'pro_bono',
      kind: 'knowledge',
      title: 'Pro bono website voor een initiatief',
      description: 'Wij bouwen gratis een toegankelijke website voor één initiatief per kwartaal.',
      domains: ['education', 'social_inclusion'],
      skills: ['website', 'programmeren'],
      languages: ['nl', 'en', 'fa'],
      postcode: '2511',
      remote: true,
      compensationAccepted: ['unpaid'],
      capacityHoursPerMonth: 20,
    },
  },
  {
    by: 'reza',
    org: 'itbureau',
    offer: {
      b2cType: 'accepts_time_credits',
      kind: 'knowledge',
      title: 'IT-hulp tegen tijdtegoed',
      description: 'Laptops instellen, wifi, back-ups: betaal met tijdtegoed uit de buurt.',
      domains: ['education'],
      skills: ['computerles'],
      languages: ['nl', 'en'],
      postcode: '2511',
      radiusKm: 10,
      compensationAccepted: ['time_credits', 'unpaid'],
      capacityHoursPerMonth: 8,
    },
  },
];

/** Needs and offers, made through the real listings service so every rule applies to the demo too. */
export async function seedListings(ctx: AppContext, base: SeededPeople): Promise<{ needs: number; offers: number }> {
  const now = ctx.clock.now().getTime();
  const at = (days: number | undefined) => (days === undefined ? undefined : new Date(now + days * DAY).toISOString());
  for (const { org, startInDays, endInDays, need } of needs) {
    const organizationId = base.organizations[org];
    const ownerId = base.organizationOwners[org];
    if (!organizationId || !ownerId) throw new Error(`demo organisation ${org} missing`);
    const body = createNeedBody.parse({ ...need, organizationId, startsAt: at(startInDays), endsAt: at(endInDays) });
    await listings.createNeed(ctx, { userId: ownerId, isAdmin: false }, body);
  }
  const day = (days: number) => new Date(now + days * DAY).toISOString().slice(0, 10);
  for (const { by, org, offer } of offers(day)) {
    const userId = base.users[by];
    const organizationId = org ? base.organizations[org] : undefined;
    if (!userId || (org && !organizationId)) throw new Error(`demo offer by ${by} missing its owner`);
    const body = createOfferBody.parse({ ...offer, ...(organizationId ? { organizationId } : {}) });
    await listings.createOffer(ctx, { userId, isAdmin: false }, body);
  }
  return { needs: needs.length, offers: offers(day).length };
}
