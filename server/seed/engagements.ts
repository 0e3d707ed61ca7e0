import { ManualClock } from '../clock.ts';
import type { Actor, AppContext } from '../context.ts';
import * as engagements from '../modules/engagements/service.ts';
import { recordVog } from '../modules/organizations/index.ts';
import type { SeededPeople } from './people.ts';

const DAY = 24 * 60 * 60 * 1000;

/** One engagement of the demo history, step by step, on days counted back from today. */
interface DemoEngagement {
  /** The person who applies, or (with `invitedBy`) whose offer is invited. */
  worker: string;
  org: string;
  need: string;
  /** Apply with (or be invited through) the worker's offer with this title. */
  offer?: string;
  /** A manager of the need's organisation who invites the offer instead of the worker applying. */
  invitedBy?: boolean;
  message?: string;
  /** Days ago the proposal was made; each later step follows a day or more after. */
  daysAgo: number;
  /** Stop after this step, so the demo also shows engagements in progress. */
  until: 'proposed' | 'accepted' | 'hours_logged' | 'completed';
  /** Work: minutes logged per session. */
  hours?: number[];
  /** Work: minutes confirmed (default all logged). */
  confirmMinutes?: number;
  /** Materials: quantity pledged, delivered, and the value in kind in cents. */
  pledge?: number;
  delivered?: number;
  inkindValueCents?: number;
}

/**
 * A realistic, fictional history: volunteers, newcomers and a business working for initiatives,
 * unpaid, for time credits and for allowances, and materials given — so wallets, the ledger and
 * the impact page are not empty. Everything goes through the real engagement service (and so the
 * ledger, the allowance guard and the state machine), with a clock walked through the past weeks.
 */
const history: DemoEngagement[] = [
  {
    worker: 'fatima',
    org: 'buurtkracht',
    need: 'Taalmaatje voor het taalcafé',
    daysAgo: 62,
    until: 'completed',
    hours: [60, 60, 60],
    message: 'Ik spreek Arabisch en Nederlands en help graag in het taalcafé.',
  },
  {
    worker: 'yonas',
    org: 'repaircafe',
    need: 'Fietsenmaker voor het Repair Café',
    daysAgo: 55,
    until: 'completed',
    hours: [240],
    message: 'I repair bicycles, I would like to help on Saturday.',
  },
  {
    worker: 'olena',
    org: 'taalhuis',
    need: 'Computerles voor beginners geven',
    daysAgo: 50,
    until: 'completed',
    hours: [180, 180, 180, 180],
    confirmMinutes: 720,
  },
  {
    worker: 'kees',
    org: 'mantelzorg',
    need: 'Maatje voor een mantelzorger',
    daysAgo: 45,
    until: 'completed',
    hours: [240, 240],
  },
  {
    worker: 'mehmet',
    org: 'voedselbank',
    need: 'Chauffeur bestelbus (rijbewijs B)',
    daysAgo: 40,
    until: 'completed',
    hours: [300],
  },
  {
    worker: 'fatima',
    org: 'energiezwolle',
    need: 'Energiecoach voor huishoudens met een hoge energierekening',
    daysAgo: 35,
    until: 'completed',
    hours: [120, 120],
  },
  {
    worker: 'samira',
    org: 'buurtkracht',
    need: 'Taalmaatje voor het taalcafé',
    daysAgo: 30,
    until: 'completed',
    hours: [90, 90],
  },
  {
    worker: 'reza',
    org: 'gemeente',
    need: 'Sparringpartner voor bewonersinitiatieven',
    daysAgo: 28,
    until: 'completed',
    hours: [120],
  },
  {
    worker: 'reza',
    org: 'taalhuis',
    need: 'Computerles voor beginners geven',
    offer: 'IT-hulp tegen tijdtegoed',
    invitedBy: true,
    daysAgo: 25,
    until: 'completed',
    hours: [180],
    message: 'Kunnen jullie de laptops van onze cursisten instellen?',
  },
  {
    worker: 'anouk',
    org: 'buurtkracht',
    need: 'Grote kookpannen en een gasstel',
    daysAgo: 21,
    until: 'completed',
    pledge: 2,
    delivered: 2,
    inkindValueCents: 6_000,
  },
  {
    worker: 'bram',
    org: 'repaircafe',
    need: 'Gereedschap en naaimachine',
    offer: 'Restmateriaal: hout en gipsplaten',
    daysAgo: 18,
    until: 'completed',
    pledge: 1,
    delivered: 1,
    inkindValueCents: 4_500,
  },
  { worker: 'yonas', org: 'cultuur', need: 'Naaiatelier begeleiden', daysAgo: 12, until: 'completed', hours: [180] },
  {
    worker: 'olena',
    org: 'gemeente',
    need: 'Sparringpartner voor bewonersinitiatieven',
    daysAgo: 8,
    until: 'hours_logged',
    hours: [150],
  },
  { worker: 'fatima', org: 'cultuur', need: 'Naaiatelier begeleiden', daysAgo: 5, until: 'accepted' },
  {
    worker: 'samira',
    org: 'maastricht',
    need: 'Sportbegeleider bij de beweegclub',
    daysAgo: 1,
    until: 'proposed',
    message: 'Ik begeleid graag de stoelyoga.',
  },
  {
    worker: 'pieter',
    org: 'energiezwolle',
    need: 'Energiecoach voor huishoudens met een hoge energierekening',
    daysAgo: 1,
    until: 'proposed',
  },
];

const order = ['proposed', 'accepted', 'hours_logged', 'completed'] as const;

export async function seedEngagements(
  ctx: AppContext,
  base: SeededPeople,
): Promise<{ engagements: number; completed: number }> {
  const today = ctx.clock.now().getTime();
  const needs = await ctx.db.selectFrom('needs').select(['id', 'title', 'organization_id', 'requires_vog']).execute();
  const offers = await ctx.db.selectFrom('offers').select(['id', 'title']).execute();
  const as = (key: string): Actor => {
    const userId = base.users[key];
    if (!userId) throw new Error(`demo person ${key} missing`);
    return { userId, isAdmin: false };
  };
  let completed = 0;
  for (const step of history) {
    const organizationId = base.organizations[step.org];
    const ownerId = base.organizationOwners[step.org];
    const need = needs.find((n) => n.title === step.need && n.organization_id === organizationId);
    const needId = need?.id;
    const offerId = step.offer ? offers.find((o) => o.title === step.offer)?.id : undefined;
    if (!needId || !ownerId || (step.offer && !offerId))
      throw new Error(`demo engagement on ${step.need} misses its need, offer or organisation`);
    const coordinator: Actor = { userId: ownerId, isAdmin: false };
    const worker = as(step.worker);
    // Walk a clock through the past, a day (and a few hours) per step.
    const clock = new ManualClock(new Date(today - step.daysAgo * DAY + 9 * 60 * 60 * 1000));
    const at = { ...ctx, clock };
    const next = () => clock.advance(Math.min(DAY, (step.daysAgo * DAY) / 8) + 2 * 60 * 60 * 1000);
    const reached = (s: (typeof order)[number]) => order.indexOf(step.until) >= order.indexOf(s);

    const e = await engagements.createEngagement(at, step.invitedBy ? coordinator : worker, {
      needId,
      ...(offerId ? { offerId } : {}),
      ...(step.message ? { message: step.message } : {}),
      ...(step.pledge ? { quantity: step.pledge } : {}),
    });
    if (!reached('accepted')) continue;
    next();
    // A need that asks for a VOG is accepted once the organisation recorded the one the volunteer showed.
    if (need?.requires_vog)
      await recordVog(at, coordinator, need.organization_id, {
        userId: worker.userId,
        checkedOn: new Date(clock.now().getTime() - 60 * DAY).toISOString().slice(0, 10),
      });
    await engagements.acceptEngagement(at, step.invitedBy ? worker : coordinator, e.id, {});
    if (!reached('hours_logged')) continue;
    for (const minutes of step.hours ?? []) {
      next();
      await engagements.logHours(at, worker, e.id, { minutes, date: clock.now().toISOString().slice(0, 10) });
    }
    if (step.delivered) {
      next();
      await engagements.deliver(at, worker, e.id, { quantity: step.delivered });
    }
    if (!reached('completed')) continue;
    next();
    await engagements.confirmEngagement(at, coordinator, e.id, {
      ...(step.confirmMinutes ? { minutes: step.confirmMinutes } : {}),
      ...(step.delivered ? { quantity: step.delivered, inkindValueCents: step.inkindValueCents ?? 0 } : {}),
    });
    completed += 1;
  }
  return { engagements: history.length, completed };
}
