import type { Actor, AppContext } from '../context.ts';
import * as accounts from '../modules/accounts/service.ts';
import { updateUser } from '../modules/accounts/repository.ts';
import * as invitations from '../modules/organizations/invitations.ts';
import * as organizations from '../modules/organizations/service.ts';
import { verifyOrganization } from '../modules/organizations/verification.ts';
import type { CreateOrganizationBody } from '../../shared/schemas/organizations.ts';
import type { UpdateMeBody } from '../../shared/schemas/accounts.ts';

/** Every demo account signs in with this password (documented in the README). */
export const DEMO_PASSWORD = 'waardewerk-demo';

interface DemoPerson extends UpdateMeBody {
  key: string;
  email: string;
  displayName: string;
  isAdmin?: boolean;
  vog?: boolean;
}

/** Fictional people: volunteers, newcomers, coordinators and business staff across the country. */
const people: DemoPerson[] = [
  {
    key: 'admin',
    email: 'beheer@waardewerk.example',
    displayName: 'Beheer Waardewerk',
    isAdmin: true,
    postcode: '3511',
    locale: 'nl',
    languages: ['nl', 'en'],
  },
  {
    key: 'fatima',
    email: 'fatima@waardewerk.example',
    displayName: 'Fatima',
    postcode: '1012AB',
    locale: 'nl',
    languages: ['nl', 'ar', 'en'],
    skills: ['koken', 'tolken', 'boodschappen'],
    mayDoPaidWork: 'yes',
    vog: true,
    findable: true,
  },
  {
    key: 'yonas',
    email: 'yonas@waardewerk.example',
    displayName: 'Yonas',
    postcode: '9711',
    locale: 'en',
    languages: ['ti', 'en'],
    skills: ['fietsen repareren', 'tuinieren', 'sjouwen'],
    mayDoPaidWork: 'no',
    findable: true,
  },
  {
    key: 'olena',
    email: 'olena@waardewerk.example',
    displayName: 'Olena',
    postcode: '3011',
    locale: 'en',
    languages: ['uk', 'en', 'nl'],
    skills: ['boekhouding', 'excel', 'lesgeven'],
    mayDoPaidWork: 'yes',
    findable: true,
  },
  {
    key: 'kees',
    email: 'kees@waardewerk.example',
    displayName: 'Kees de Vries',
    postcode: '5611',
    locale: 'nl',
    languages: ['nl'],
    skills: ['klussen', 'elektra', 'timmeren'],
    mayDoPaidWork: 'yes',
    vog: true,
    findable: true,
  },
  {
    key: 'samira',
    email: 'samira@waardewerk.example',
    displayName: 'Samira',
    postcode: '6511',
    locale: 'ar',
    languages: ['ar', 'nl'],
    skills: ['naaien', 'kinderopvang', 'koken'],
    mayDoPaidWork: 'unknown',
    findable: true,
  },
  {
    key: 'mehmet',
    email: 'mehmet@waardewerk.example',
    displayName: 'Mehmet',
    postcode: '7511',
    locale: 'nl',
    languages: ['tr', 'nl', 'de'],
    skills: ['rijbewijs b', 'sjouwen', 'schilderen'],
    mayDoPaidWork: 'yes',
    findable: true,
  },
  {
    key: 'reza',
    email: 'reza@waardewerk.example',
    displayName: 'Reza',
    postcode: '2511',
    locale: 'en',
    languages: ['fa', 'en'],
    skills: ['programmeren', 'website', 'computerles'],
    mayDoPaidWork: 'no',
    findable: true,
  },
  {
    key: 'anouk',
    email: 'anouk@waardewerk.example',
    displayName: 'Anouk Jansen',
    postcode: '3511',
    locale: 'nl',
    languages: ['nl', 'en', 'fr'],
    skills: ['taalcoach', 'lesgeven', 'fondsenwerving'],
    mayDoPaidWork: 'yes',
    vog: true,
    findable: true,
  },
  {
    key: 'pieter',
    email: 'pieter@waardewerk.example',
    displayName: 'Pieter Bakker',
    postcode: '8011',
    locale: 'nl',
    languages: ['nl'],
    skills: ['zonnepanelen', 'energieadvies', 'elektra'],
    mayDoPaidWork: 'yes',
    findable: true,
  },
  {
    key: 'lotte',
    email: 'lotte@waardewerk.example',
    displayName: 'Lotte (Buurtkracht)',
    postcode: '1012',
    locale: 'nl',
    languages: ['nl', 'en'],
    skills: ['coördinatie'],
    mayDoPaidWork: 'yes',
    vog: true,
  },
  {
    key: 'ahmed',
    email: 'ahmed@waardewerk.example',
    displayName: 'Ahmed (Groene Stad)',
    postcode: '3011',
    locale: 'nl',
    languages: ['nl', 'ar'],
    skills: ['tuinieren', 'coördinatie'],
    mayDoPaidWork: 'yes',
  },
  {
    key: 'ingrid',
    email: 'ingrid@waardewerk.example',
    displayName: 'Ingrid (Energie Zwolle)',
    postcode: '8011',
    locale: 'nl',
    languages: ['nl', 'de'],
    skills: ['coördinatie', 'energieadvies'],
    mayDoPaidWork: 'yes',
  },
  {
    key: 'bram',
    email: 'bram@waardewerk.example',
    displayName: 'Bram (Bouwbedrijf Van Dijk)',
    postcode: '5611',
    locale: 'nl',
    languages: ['nl', 'en'],
    skills: ['bouw', 'projectleiding'],
    mayDoPaidWork: 'yes',
  },
  {
    key: 'noor',
    email: 'noor@waardewerk.example',
    displayName: 'Noor (Gemeente Utrecht)',
    postcode: '3511',
    locale: 'nl',
    languages: ['nl', 'en'],
    skills: ['coördinatie'],
    mayDoPaidWork: 'yes',
  },
  {
    key: 'daan',
    email: 'daan@waardewerk.example',
    displayName: 'Daan (Taalhuis Den Haag)',
    postcode: '2511',
    locale: 'nl',
    languages: ['nl', 'en'],
    skills: ['taalcoach'],
    mayDoPaidWork: 'yes',
  },
  {
    key: 'sanne',
    email: 'sanne@waardewerk.example',
    displayName: 'Sanne (Voedselbank Groningen)',
    postcode: '9711',
    locale: 'nl',
    languages: ['nl'],
    skills: ['logistiek'],
    mayDoPaidWork: 'yes',
    vog: true,
  },
];

interface DemoOrganization extends CreateOrganizationBody {
  key: string;
  owner: string;
  coordinators?: string[];
  /** Holds a UWV vrijwilligersverklaring (valid 3 years): dated relative to today, so the demo never runs out. */
  holdsVolunteerDeclaration?: boolean;
}

const orgs: DemoOrganization[] = [
  {
    key: 'buurtkracht',
    owner: 'lotte',
    name: 'Buurtkracht Centrum',
    type: 'initiative',
    postcode: '1012',
    description: 'Wijkonderneming in de Amsterdamse binnenstad: buurtmaaltijden, klusjes en een taalcafé.',
    domains: ['social_inclusion', 'food', 'language_integration'],
    holdsVolunteerDeclaration: true,
    volunteers: 85,
    paidStaff: 3,
    peopleReachedPerYear: 2400,
    incomeMix: { subsidiesPct: 45, donationsPct: 25, ownIncomePct: 30 },
  },
  {
    key: 'groenestad',
    owner: 'ahmed',
    name: 'Groene Stad Rotterdam',
    type: 'initiative',
    postcode: '3011',
    description: 'Bewoners vergroenen pleinen en daken en beheren samen een stadstuin.',
    domains: ['greening', 'social_inclusion'],
    holdsVolunteerDeclaration: true,
    volunteers: 140,
    paidStaff: 2,
    peopleReachedPerYear: 5000,
    incomeMix: { subsidiesPct: 60, donationsPct: 20, ownIncomePct: 20 },
  },
  {
    key: 'energiezwolle',
    owner: 'ingrid',
    name: 'Energiecoöperatie Zwolle Zon',
    type: 'initiative',
    postcode: '8011',
    description: 'Lokale energiecoöperatie: zonnedaken, energiecoaches en hulp bij de energierekening.',
    domains: ['energy', 'poverty'],
    volunteers: 60,
    paidStaff: 1,
    peopleReachedPerYear: 1800,
    incomeMix: { subsidiesPct: 30, donationsPct: 5, ownIncomePct: 65 },
  },
  {
    key: 'voedselbank',
    owner: 'sanne',
    name: 'Voedselbank Stad Groningen',
    type: 'initiative',
    postcode: '9711',
    description: 'Wekelijkse voedselpakketten voor huishoudens die het krap hebben.',
    domains: ['poverty', 'food'],
    holdsVolunteerDeclaration: true,
    volunteers: 210,
    paidStaff: 0,
    peopleReachedPerYear: 3200,
    incomeMix: { subsidiesPct: 20, donationsPct: 75, ownIncomePct: 5 },
  },
  {
    key: 'taalhuis',
    owner: 'daan',
    name: 'Taalhuis Den Haag',
    type: 'initiative',
    postcode: '2511',
    description: 'Taalcoaches en computerlessen voor nieuwe Hagenaars.',
    domains: ['language_integration', 'education'],
    holdsVolunteerDeclaration: true,
    volunteers: 120,
    paidStaff: 4,
    peopleReachedPerYear: 1500,
    incomeMix: { subsidiesPct: 80, donationsPct: 10, ownIncomePct: 10 },
  },
  {
    key: 'repaircafe',
    owner: 'kees',
    name: 'Repair Café Eindhoven Strijp',
    type: 'initiative',
    postcode: '5611',
    description: 'Samen repareren in plaats van weggooien, elke zaterdag.',
    domains: ['greening', 'social_inclusion'],
    volunteers: 35,
    paidStaff: 0,
    peopleReachedPerYear: 900,
    incomeMix: { subsidiesPct: 10, donationsPct: 60, ownIncomePct: 30 },
  },
  {
    key: 'mantelzorg',
    owner: 'anouk',
    name: 'Mantelzorg Samen Utrecht',
    type: 'initiative',
    postcode: '3511',
    description: 'Respijtzorg en maatjes voor mantelzorgers en hun naasten.',
    domains: ['informal_care', 'health_sport'],
    holdsVolunteerDeclaration: true,
    volunteers: 70,
    paidStaff: 2,
    peopleReachedPerYear: 600,
    incomeMix: { subsidiesPct: 70, donationsPct: 20, ownIncomePct: 10 },
  },
  {
    key: 'wijkwerk',
    owner: 'mehmet',
    name: 'Wijkwerkplaats Enschede',
    type: 'initiative',
    postcode: '7511',
    description: 'Leerwerkplekken in hout en fietsen voor mensen op weg naar werk.',
    domains: ['work', 'education'],
    volunteers: 25,
    paidStaff: 3,
    peopleReachedPerYear: 300,
    incomeMix: { subsidiesPct: 40, donationsPct: 10, ownIncomePct: 50 },
  },
  {
    key: 'cultuur',
    owner: 'samira',
    name: 'Buurthuis De Ontmoeting Nijmegen',
    type: 'initiative',
    postcode: '6511',
    description: 'Ontmoeting, naaiatelier en huiswerkbegeleiding in Nijmegen-Oost.',
    domains: ['culture', 'social_inclusion', 'education'],
    holdsVolunteerDeclaration: true,
    volunteers: 45,
    paidStaff: 1,
    peopleReachedPerYear: 1100,
    incomeMix: { subsidiesPct: 55, donationsPct: 25, ownIncomePct: 20 },
  },
  {
    key: 'maastricht',
    owner: 'anouk',
    name: 'Samen Sterk Maastricht',
    type: 'initiative',
    postcode: '6211',
    description: 'Buurtbus, boodschappenhulp en een sportclub voor iedereen.',
    domains: ['health_sport', 'social_inclusion'],
    volunteers: 50,
    paidStaff: 1,
    peopleReachedPerYear: 700,
    incomeMix: { subsidiesPct: 50, donationsPct: 30, ownIncomePct: 20 },
  },
  {
    key: 'bouwvandijk',
    owner: 'bram',
    name: 'Bouwbedrijf Van Dijk',
    type: 'business',
    postcode: '5611',
    description: 'Aannemer die medewerkers en restmateriaal inzet voor buurtprojecten (Business-to-Community).',
    domains: ['housing', 'work'],
    kvkNumber: '17012345',
  },
  {
    key: 'itbureau',
    owner: 'reza',
    name: 'Codekracht IT',
    type: 'business',
    postcode: '2511',
    description: 'IT-bureau dat pro bono websites en computerlessen geeft.',
    domains: ['education', 'work'],
    kvkNumber: '27098765',
  },
  {
    key: 'gemeente',
    owner: 'noor',
    name: 'Gemeente Utrecht – Maatschappelijke Ontwikkeling',
    type: 'public',
    postcode: '3511',
    description: 'Ondersteunt initiatieven en organiseert matchrondes in de regio Utrecht.',
    domains: ['social_inclusion', 'work'],
  },
];

export interface SeededPeople {
  users: Record<string, string>;
  organizations: Record<string, string>;
  /** Organisation key → the user id of its owner (who acts for it in later demo data). */
  organizationOwners: Record<string, string>;
}

export async function seedPeopleAndOrganizations(ctx: AppContext): Promise<SeededPeople> {
  const users: Record<string, string> = {};
  for (const p of people) {
    // Verified: the demo's organisations need founders with verified addresses, and fictional addresses get no mail.
    const { user } = await accounts.register(
      ctx,
      { email: p.email, password: DEMO_PASSWORD, displayName: p.displayName, locale: p.locale ?? 'nl' },
      { addressVerified: true },
    );
    await accounts.updateMe(ctx, user.id, {
      postcode: p.postcode,
      languages: p.languages,
      skills: p.skills,
      mayDoPaidWork: p.mayDoPaidWork,
      findable: p.findable,
    });
    if (p.isAdmin || p.vog) {
      await updateUser(ctx.db, user.id, {
        ...(p.isAdmin ? { is_admin: 1 } : {}),
        ...(p.vog ? { vog_verified_at: '2025-05-01T00:00:00.000Z' } : {}),
      });
    }
    users[p.key] = user.id;
  }
  const organizationIds: Record<string, string> = {};
  const organizationOwners: Record<string, string> = {};
  const declared = new Date(ctx.clock.now());
  declared.setUTCMonth(declared.getUTCMonth() - 8);
  for (const { key, owner, coordinators, holdsVolunteerDeclaration, ...body } of orgs) {
    if (holdsVolunteerDeclaration) body.volunteerDeclarationDate = declared.toISOString().slice(0, 10);
    const ownerId = users[owner];
    if (!ownerId) throw new Error(`demo owner ${owner} missing`);
    const org = await organizations.createOrganization(ctx, { userId: ownerId, isAdmin: false }, body);
    // The demo's initiatives and businesses let the municipality's match rounds invite for them (their
    // own setting), so the demo shows a round end to end; a real organisation starts with it off.
    if (body.type !== 'public')
      await organizations.updateOrganization(ctx, { userId: ownerId, isAdmin: false }, org.id, {
        allowRoundInvitations: true,
      });
    for (const c of coordinators ?? []) {
      const email = people.find((p) => p.key === c)?.email;
      const coordinatorId = users[c];
      if (!email || !coordinatorId) continue;
      // Membership by consent, as in the app: the owner invites, the coordinator accepts.
      await invitations.inviteMember(ctx, { userId: ownerId, isAdmin: false }, org.id, { email, role: 'coordinator' });
      const invitation = (await invitations.listMyInvitations(ctx, { userId: coordinatorId, isAdmin: false })).find(
        (i) => i.organization.id === org.id,
      );
      if (invitation) await invitations.acceptInvitation(ctx, { userId: coordinatorId, isAdmin: false }, invitation.id);
    }
    organizationIds[key] = org.id;
    organizationOwners[key] = ownerId;
  }
  // The demo admin verifies every demo organisation, as a deployment's admins would from the queue,
  // so the demo keeps its powers (VOG records, match rounds by the municipality, the larger TIME floor).
  const admin: Actor = { userId: users.admin ?? '', isAdmin: true };
  let demoKvk = 90_000_000;
  for (const { key, type, kvkNumber } of orgs) {
    const organizationId = organizationIds[key] ?? '';
    demoKvk += 1;
    await verifyOrganization(
      ctx,
      admin,
      organizationId,
      type === 'public'
        ? { method: 'note', note: 'Demo: contact with the municipality confirmed by telephone' }
        : { method: 'kvk', reference: kvkNumber ?? String(demoKvk), note: 'Demo: KvK extract checked' },
    );
  }
  return { users, organizations: organizationIds, organizationOwners };
}
