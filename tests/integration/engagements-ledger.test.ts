import { expect, it } from 'vitest';
import { erasePersonalData, personalData } from '../../server/modules/engagements/repository.ts';
import { describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import {
  joinByInvitation,
  ledgerSnapshot,
  makeApplication,
  makeEngagement,
  makeNeed,
  makeOffer,
  makeOrganization,
  type Org,
} from '../helpers/factories.ts';

interface World {
  coordinator: TestUser;
  org: Org;
  /** Owner ids → the names the ledger table shows. */
  names: Map<string, string>;
}

async function world(t: TestApp, orgName = 'Buurttuin De Wilg'): Promise<World> {
  const org = await makeOrganization(t, { name: orgName });
  return { coordinator: org.owner, org, names: new Map([[org.id, 'org']]) };
}

/** A person who will work for the organisation, named in lower case in the ledger table. */
async function worker(t: TestApp, w: World, displayName: string): Promise<TestUser> {
  const person = await t.register({ displayName });
  w.names.set(person.id, displayName.toLowerCase());
  return person;
}

/** A need for 3 hours (time credits unless said). */
const postNeed = async (w: World, overrides: Record<string, unknown> = {}) =>
  (await makeNeed(w.org, { hoursEstimate: 3, ...overrides })).id;

const apply = (person: TestUser, needId: string, extra: Record<string, unknown> = {}) =>
  makeApplication(person, needId, { message: 'Ik help graag!', ...extra });

/** Applied, accepted and `minutes` logged on `date`: ready to confirm. */
const logged = (w: World, worker: TestUser, needId: string, minutes: number, date?: string) =>
  makeEngagement('hours_logged', {
    needId,
    worker,
    manager: w.coordinator,
    application: { message: 'Ik help graag!' },
    hours: { minutes, ...(date ? { date } : {}) },
  });

/** Without a payload the request has no body at all: answers need none. */
const post = (user: TestUser, url: string, payload?: Record<string, unknown>) =>
  user.inject({ method: 'POST', url, ...(payload ? { payload } : {}) });

describeEachDialect('engagements and the ledger', (t) => {
  it('walks need → apply → accept → log → confirm, with the ledger after each step', async () => {
    const w = await world(t());
    const fatima = await worker(t(), w, 'Fatima');
    const needId = await postNeed(w);

    const applied = await apply(fatima, needId);
    expect(applied).toMatchObject({
      status: 'proposed',
      proposedBy: 'worker',
      viewerSide: 'worker',
      allowedActions: ['cancel'],
    });
    expect(await ledgerSnapshot(t(), w.names)).toEqual({ accounts: [], transfers: [] });

    const orgView = await w.coordinator.inject({ method: 'GET', url: `/api/engagements/${applied.id}` });
    expect(orgView.json().engagement).toMatchObject({
      viewerSide: 'organization',
      allowedActions: ['accept', 'decline'],
    });

    const accepted = await post(w.coordinator, `/api/engagements/${applied.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().engagement).toMatchObject({
      status: 'accepted',
      reservedMinutes: 180,
      estimateMinutes: 180,
    });
    expect(await ledgerSnapshot(t(), w.names)).toEqual({
      accounts: ['fatima/TIME dp=0 dP=0 cp=180 cP=0', 'org/TIME dp=180 dP=0 cp=0 cP=0'],
      transfers: ['time-reserve pending 180 TIME engagement org/TIME→fatima/TIME'],
    });
    // Filling the only place fills the need.
    expect((await t().inject({ method: 'GET', url: `/api/needs/${needId}` })).json().need.status).toBe('filled');

    const logged = await post(fatima, `/api/engagements/${applied.id}/hours`, {
      minutes: 90,
      date: '2026-03-01',
      note: 'Wieden',
    });
    expect(logged.statusCode, logged.body).toBe(200);
    const logged2 = await post(fatima, `/api/engagements/${applied.id}/hours`, { minutes: 30, date: '2026-03-02' });
    expect(logged2.json().engagement).toMatchObject({ status: 'hours_logged', loggedMinutes: 120 });
    expect(logged2.json().engagement.hours.map((h: { minutes: number }) => h.minutes)).toEqual([90, 30]);
    expect((await ledgerSnapshot(t(), w.names)).transfers).toHaveLength(1);

    const preview = await w.coordinator.inject({
      method: 'GET',
      url: `/api/engagements/${applied.id}/confirmation-preview`,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(
      preview
        .json()
        .lines.map((l: { type: string; amount: number; unit: string }) => `${l.type} ${l.amount} ${l.unit}`),
    ).toEqual(['posted 120 WORK', 'post 120 TIME']);
    expect(preview.json().refusal).toBeNull();
    // Previewing writes nothing.
    expect((await ledgerSnapshot(t(), w.names)).transfers).toHaveLength(1);

    const confirmed = await post(w.coordinator, `/api/engagements/${applied.id}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().engagement).toMatchObject({
      status: 'completed',
      confirmedMinutes: 120,
      reservedMinutes: 0,
      allowedActions: [],
    });
    expect(confirmed.json().transfers).toEqual(preview.json().lines);
    const afterConfirm = await ledgerSnapshot(t(), w.names);
    expect(afterConfirm).toEqual({
      accounts: [
        'fatima/TIME dp=0 dP=0 cp=0 cP=120',
        'fatima/WORK dp=0 dP=0 cp=0 cP=120',
        'org/TIME dp=0 dP=120 cp=0 cP=0',
        'org/WORK dp=0 dP=120 cp=0 cP=0',
      ],
      transfers: [
        'time-reserve pending 180 TIME engagement org/TIME→fatima/TIME',
        'work posted 120 WORK work org/WORK→fatima/WORK',
        'time-post post_pending 120 TIME engagement org/TIME→fatima/TIME',
      ],
    });

    // The worker's wallet: +120 minutes of time credit and 2 hours of work.
    const balances = await fatima.inject({ method: 'GET', url: '/api/ledger/balances?owner=me' });
    const byUnit = Object.fromEntries(
      balances.json().balances.map((b: { unit: string; posted: number }) => [b.unit, b.posted]),
    );
    expect(byUnit).toMatchObject({ TIME: 120, WORK: 120 });

    // A retried confirmation is answered the same and posts nothing again; other figures → 409.
    const retry = await post(w.coordinator, `/api/engagements/${applied.id}/confirm`, {});
    expect(retry.statusCode).toBe(200);
    expect(retry.json().transfers).toEqual(confirmed.json().transfers);
    expect((await post(w.coordinator, `/api/engagements/${applied.id}/confirm`, { minutes: 60 })).statusCode).toBe(409);
    expect(await ledgerSnapshot(t(), w.names)).toEqual(afterConfirm);

    const verify = await t().inject({ method: 'GET', url: '/api/ledger/verify' });
    expect(verify.json().ok).toBe(true);

    const messages = await fatima.inject({ method: 'GET', url: `/api/engagements/${applied.id}/messages` });
    expect(
      messages.json().items.map((m: { type: string; text: string }) => (m.type === 'system' ? m.text : 'person')),
    ).toEqual([
      'engagement.event.applied',
      'person',
      'engagement.event.accepted',
      'engagement.event.hours_logged',
      'engagement.event.hours_logged',
      'engagement.event.confirmed',
    ]);
  });

  it('confirms fewer minutes: the rest of the reservation goes back', async () => {
    const w = await world(t(), 'Buurttuin Partial');
    const p = await worker(t(), w, 'Yonas');
    const e = await logged(w, p, await postNeed(w), 150);
    expect(
      (await post(w.coordinator, `/api/engagements/${e.id}/confirm`, { minutes: 151 })).json().error.fields,
    ).toHaveProperty('minutes');
    const res = await post(w.coordinator, `/api/engagements/${e.id}/confirm`, { minutes: 100 });
    expect(res.statusCode, res.body).toBe(200);
    expect((await ledgerSnapshot(t(), w.names)).accounts).toEqual([
      'org/TIME dp=0 dP=100 cp=0 cP=0',
      'org/WORK dp=0 dP=100 cp=0 cP=0',
      'yonas/TIME dp=0 dP=0 cp=0 cP=100',
      'yonas/WORK dp=0 dP=0 cp=0 cP=100',
    ]);
  });

  it('voids the reservation when either side cancels, and opens the need again', async () => {
    const w = await world(t(), 'Buurttuin Cancel');
    const p = await worker(t(), w, 'Olena');
    const needId = await postNeed(w);
    const e = await logged(w, p, needId, 60);
    const cancelled = await post(p, `/api/engagements/${e.id}/cancel`, { message: 'Ik ben verhuisd, sorry.' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().engagement).toMatchObject({
      status: 'cancelled',
      reservedMinutes: 0,
      endReasonKey: 'engagement.ended.cancelled_by_worker',
    });
    expect(await ledgerSnapshot(t(), w.names)).toEqual({
      accounts: ['olena/TIME dp=0 dP=0 cp=0 cP=0', 'org/TIME dp=0 dP=0 cp=0 cP=0'],
      transfers: [
        'time-reserve pending 180 TIME engagement org/TIME→olena/TIME',
        'time-void void_pending 180 TIME engagement org/TIME→olena/TIME',
      ],
    });
    expect((await t().inject({ method: 'GET', url: `/api/needs/${needId}` })).json().need.status).toBe('open');
    // Final: nothing changes a cancelled engagement any more.
    const again = await post(w.coordinator, `/api/engagements/${e.id}/confirm`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_transition');
  });

  it('fills the last place and tells the other applicants kindly', async () => {
    const w = await world(t(), 'Voedselbank Fill');
    const needId = await postNeed(w, { peopleNeeded: 2, compensation: { type: 'unpaid' } });
    const people = await Promise.all(['A', 'B', 'C', 'D'].map((n) => t().register({ displayName: `Applicant ${n}` })));
    const engagements = [];
    for (const p of people) engagements.push(await apply(p, needId));
    expect((await post(w.coordinator, `/api/engagements/${engagements[0]!.id}/accept`)).statusCode).toBe(200);
    expect((await t().inject({ method: 'GET', url: `/api/needs/${needId}` })).json().need.status).toBe('open');
    expect((await post(w.coordinator, `/api/engagements/${engagements[1]!.id}/accept`)).statusCode).toBe(200);
    const kindsOf = async (p: { inject: typeof w.coordinator.inject }) =>
      (await p.inject({ method: 'GET', url: '/api/notifications' })).json().items as {
        kind: string;
        data: Record<string, unknown>;
      }[];
    expect((await t().inject({ method: 'GET', url: `/api/needs/${needId}` })).json().need.status).toBe('filled');
    for (const i of [2, 3]) {
      const view = (await people[i]!.inject({ method: 'GET', url: `/api/engagements/${engagements[i]!.id}` })).json()
        .engagement;
      expect(view).toMatchObject({
        status: 'not_selected',
        endReasonKey: 'engagement.ended.need_filled',
        allowedActions: [],
      });
      expect(await kindsOf(people[i]!)).toContainEqual(
        expect.objectContaining({
          kind: 'engagement.not_selected',
          data: { engagementId: engagements[i]!.id, messageKey: 'engagement.ended.need_filled' },
        }),
      );
    }
    // The ones accepted are not told they were not selected; a new application is refused.
    for (const i of [0, 1]) {
      const told = await kindsOf(people[i]!);
      expect(told.map((n) => n.kind)).toContain('engagement.accepted');
      expect(told.map((n) => n.kind)).not.toContain('engagement.not_selected');
    }
    const late = await t().register();
    expect((await post(late, '/api/engagements', { needId })).statusCode).toBe(422);
  });

  it('guards the volunteer allowance across organisations: refusal with figures, or recorded as taxable', async () => {
    t().clock.set(new Date('2026-03-10T10:00:00Z'));
    const a = await world(t(), 'Allowance A');
    const b = await world(t(), 'Allowance B');
    const p = await t().register({ displayName: 'Samira' });
    a.names.set(p.id, 'samira');
    a.names.set(b.org.id, 'orgB');
    // €5.60/h: 20 hours = €112 at A; then 18 hours = €100.80 at B would make €212.80 > €210 this month.
    const allowanceNeed = (hours: number) => ({
      compensation: { type: 'allowance', allowanceCents: 560 },
      hoursEstimate: hours,
      requirements: { vog: false, minAge: 21 },
    });
    const atA = await logged(a, p, await postNeed(a, allowanceNeed(20)), 20 * 60, '2026-03-09');
    const first = await post(a.coordinator, `/api/engagements/${atA.id}/confirm`, {});
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().allowanceCheck).toMatchObject({
      verdict: 'ok',
      month: '2026-03',
      facts: { amountCents: 11_200, monthToDateCents: 0 },
    });

    const atB = await logged(b, p, await postNeed(b, allowanceNeed(18)), 18 * 60, '2026-03-08');
    const preview = (
      await b.coordinator.inject({ method: 'GET', url: `/api/engagements/${atB.id}/confirmation-preview` })
    ).json();
    expect(preview.refusal).toMatchObject({ code: 'allowance_limit' });
    const refused = await post(b.coordinator, `/api/engagements/${atB.id}/confirm`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'allowance_limit',
      details: {
        verdict: 'refuse',
        exceeded: ['month'],
        facts: { monthToDateCents: 11_200, amountCents: 10_080, perMonthMaxCents: 21_000, maxTaxFreeCents: 9_800 },
      },
    });
    const before = await ledgerSnapshot(t(), a.names);
    expect(
      (await b.coordinator.inject({ method: 'GET', url: `/api/engagements/${atB.id}` })).json().engagement.status,
    ).toBe('hours_logged');

    // 17.5 hours = €98.00 fits exactly (€210.00), with a warning that little room is left.
    const fits = await b.coordinator.inject({
      method: 'GET',
      url: `/api/engagements/${atB.id}/confirmation-preview?minutes=1050`,
    });
    expect(fits.json()).toMatchObject({
      refusal: null,
      allowanceCheck: { verdict: 'warn', warnings: ['near_month_limit'], facts: { monthAfterCents: 21_000 } },
    });

    const taxable = await post(b.coordinator, `/api/engagements/${atB.id}/confirm`, { recordAsTaxable: true });
    expect(taxable.statusCode, taxable.body).toBe(200);
    expect(taxable.json().engagement).toMatchObject({ eurKind: 'taxable_allowance', eurCents: 10_080 });
    const after = await ledgerSnapshot(t(), a.names);
    expect(after.transfers.slice(before.transfers.length)).toEqual([
      'work posted 1080 WORK work orgB/WORK→samira/WORK',
      'eur posted 10080 EUR taxable_allowance orgB/EUR→samira/EUR',
    ]);
  });

  it('refuses everyone who is not a party (IDOR) and validates every body', async () => {
    const w = await world(t(), 'Buurttuin IDOR');
    const other = await world(t(), 'Other Org');
    const worker = await t().register();
    const stranger = await t().register();
    const needId = await postNeed(w);
    const e = await apply(worker, needId);
    const memberOnly = await t().register();
    await joinByInvitation(w.coordinator, w.org.id, memberOnly, 'member');

    for (const intruder of [stranger, other.coordinator]) {
      expect((await intruder.inject({ method: 'GET', url: `/api/engagements/${e.id}` })).statusCode).toBe(403);
      expect((await intruder.inject({ method: 'GET', url: `/api/engagements/${e.id}/messages` })).statusCode).toBe(403);
      expect(
        (await intruder.inject({ method: 'GET', url: `/api/engagements/${e.id}/confirmation-preview` })).statusCode,
      ).toBe(403);
      for (const action of ['accept', 'decline', 'cancel', 'confirm']) {
        expect((await post(intruder, `/api/engagements/${e.id}/${action}`)).statusCode, action).toBe(403);
      }
      expect((await post(intruder, `/api/engagements/${e.id}/messages`, { text: 'hoi' })).statusCode).toBe(403);
      const list = await intruder.inject({
        method: 'GET',
        url: `/api/engagements?role=organization&organizationId=${w.org.id}`,
      });
      expect(list.statusCode).toBe(403);
    }
    // A plain member reads along but cannot act or write.
    expect(
      (await memberOnly.inject({ method: 'GET', url: `/api/engagements/${e.id}` })).json().engagement.allowedActions,
    ).toEqual([]);
    expect((await post(memberOnly, `/api/engagements/${e.id}/accept`)).statusCode).toBe(403);
    // The worker cannot accept their own application, nor log hours before acceptance.
    expect((await post(worker, `/api/engagements/${e.id}/accept`)).statusCode).toBe(403);
    expect((await post(worker, `/api/engagements/${e.id}/hours`, { minutes: 60, date: '2026-01-01' })).statusCode).toBe(
      409,
    );
    expect((await t().inject({ method: 'GET', url: `/api/engagements/${e.id}` })).statusCode).toBe(401);
    expect((await worker.inject({ method: 'GET', url: '/api/engagements/unknown' })).statusCode).toBe(404);

    // Lists show only one's own.
    const mine = await worker.inject({ method: 'GET', url: '/api/engagements?role=worker' });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toEqual([e.id]);
    expect((await stranger.inject({ method: 'GET', url: '/api/engagements?role=worker' })).json().items).toEqual([]);
    expect((await stranger.inject({ method: 'GET', url: '/api/engagements?role=organization' })).json().items).toEqual(
      [],
    );
    const orgList = await w.coordinator.inject({
      method: 'GET',
      url: '/api/engagements?role=organization&status=proposed',
    });
    expect(orgList.json().items.map((i: { id: string }) => i.id)).toEqual([e.id]);

    // Bad input → 400 naming the field; the same person cannot apply twice.
    expect((await post(worker, '/api/engagements', { needId })).statusCode).toBe(409);
    const bad = await post(worker, '/api/engagements', { needId: '', quantity: -1, extra: true });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['extra', 'needId', 'quantity']);
    await post(w.coordinator, `/api/engagements/${e.id}/accept`);
    const badHours = await post(worker, `/api/engagements/${e.id}/hours`, { minutes: 0, date: '2026-13-01' });
    expect(Object.keys(badHours.json().error.fields).sort()).toEqual(['date', 'minutes']);
    const future = await post(worker, `/api/engagements/${e.id}/hours`, { minutes: 60, date: '2999-01-01' });
    expect(future.json().error.fields).toHaveProperty('date');
    expect((await post(w.coordinator, `/api/engagements/${e.id}/dispute`, { reason: '' })).statusCode).toBe(400);
    expect((await w.coordinator.inject({ method: 'GET', url: '/api/engagements?role=boss' })).statusCode).toBe(400);
  });

  it('lets an organisation invite an offer, disputes hours, and confirms materials with an in-kind value', async () => {
    const w = await world(t(), 'Repair Café Invite');
    const kees = await worker(t(), w, 'Kees');
    const offer = await makeOffer(kees, {
      title: 'Klussen en repareren',
      domains: ['greening'],
      postcode: '5611AB',
      compensationAccepted: ['unpaid'],
    });
    const needId = await postNeed(w, { compensation: { type: 'unpaid' } });
    const invited = await post(w.coordinator, '/api/engagements', { needId, offerId: offer.id });
    expect(invited.statusCode, invited.body).toBe(201);
    const inv = invited.json().engagement;
    expect(inv).toMatchObject({ proposedBy: 'organization', worker: { userId: kees.id }, allowedActions: ['cancel'] });
    expect((await post(w.coordinator, `/api/engagements/${inv.id}/accept`)).statusCode).toBe(403);
    expect((await post(kees, `/api/engagements/${inv.id}/accept`)).statusCode).toBe(200);
    await post(kees, `/api/engagements/${inv.id}/hours`, {
      minutes: 600,
      date: t().clock.now().toISOString().slice(0, 10),
    });
    const disputed = await post(w.coordinator, `/api/engagements/${inv.id}/dispute`, {
      reason: 'We rekenden op 4 uur, niet 10.',
    });
    expect(disputed.json().engagement).toMatchObject({
      status: 'disputed',
      disputeReason: 'We rekenden op 4 uur, niet 10.',
      allowedActions: ['cancel', 'confirm'],
    });
    const ok = await post(w.coordinator, `/api/engagements/${inv.id}/confirm`, { minutes: 240 });
    expect(ok.json().engagement).toMatchObject({ status: 'completed', confirmedMinutes: 240 });
    expect((await ledgerSnapshot(t(), w.names)).transfers).toEqual(['work posted 240 WORK work org/WORK→kees/WORK']);

    // Materials: pledged → delivered → confirmed with quantity and value in kind.
    const bram = await worker(t(), w, 'Bram');
    const materialsNeed = await postNeed(w, {
      kind: 'materials',
      title: 'Planken voor moestuinbakken',
      quantity: 20,
      unit: 'planken',
      hoursEstimate: null,
    });
    const pledge = await apply(bram, materialsNeed, { quantity: 20 });
    expect((await post(w.coordinator, `/api/engagements/${pledge.id}/accept`)).json().engagement.status).toBe(
      'accepted',
    );
    expect((await t().inject({ method: 'GET', url: `/api/needs/${materialsNeed}` })).json().need.status).toBe('filled');
    expect(
      (await post(bram, `/api/engagements/${pledge.id}/hours`, { minutes: 60, date: '2026-03-01' })).statusCode,
    ).toBe(409);
    expect(
      (await post(bram, `/api/engagements/${pledge.id}/deliver`, { quantity: 18 })).json().engagement,
    ).toMatchObject({ status: 'delivered', deliveredQuantity: 18 });
    expect(
      (await post(w.coordinator, `/api/engagements/${pledge.id}/confirm`, { quantity: 19, inkindValueCents: 9000 }))
        .statusCode,
    ).toBe(400);
    const done = await post(w.coordinator, `/api/engagements/${pledge.id}/confirm`, {
      quantity: 18,
      inkindValueCents: 8100,
    });
    expect(done.json().engagement).toMatchObject({
      status: 'completed',
      confirmedQuantity: 18,
      inkindValueCents: 8100,
    });
    expect((await ledgerSnapshot(t(), w.names)).transfers).toContain(
      'inkind posted 8100 INKIND materials org/INKIND→bram/INKIND',
    );
  });
  it('applies the rules of who may take on what', async () => {
    const w = await world(t(), 'Rules Org');
    const person = await worker(t(), w, 'Reza');

    // Paid work: refused while the person has not said they may work here and no permit is arranged.
    const paid = await postNeed(w, { compensation: { type: 'paid', hourlyRateCents: 1600 }, hoursEstimate: 2 });
    const refusedPaid = await post(person, '/api/engagements', { needId: paid });
    expect(refusedPaid.statusCode).toBe(422);
    expect(refusedPaid.json().error).toMatchObject({ code: 'rule_refused', details: { mayDoPaidWork: 'unknown' } });
    await person.inject({ method: 'PATCH', url: '/api/me', payload: { mayDoPaidWork: 'yes' } });
    const job = await logged(w, person, paid, 100);
    const wage = await post(w.coordinator, `/api/engagements/${job.id}/confirm`, {});
    expect(wage.json().engagement).toMatchObject({ eurKind: 'wage', eurCents: 2667 });
    expect((await ledgerSnapshot(t(), w.names)).transfers).toEqual([
      'work posted 100 WORK work org/WORK→reza/WORK',
      'eur posted 2667 EUR wage org/EUR→reza/EUR',
    ]);

    // A VOG requirement holds acceptance until a coordinator recorded one.
    const vogNeed = await postNeed(w, { compensation: { type: 'unpaid' }, requirements: { vog: true, minAge: null } });
    const withVog = await apply(person, vogNeed);
    const noVog = await post(w.coordinator, `/api/engagements/${withVog.id}/accept`);
    expect(noVog.statusCode).toBe(422);
    expect(noVog.json().error.details).toEqual({ requirement: 'vog' });
    expect(
      (await person.inject({ method: 'GET', url: `/api/engagements/${withVog.id}` })).json().engagement.status,
    ).toBe('proposed');

    // Nobody confirms their own hours; closed needs take no applications.
    const ownNeed = await postNeed(w, { compensation: { type: 'unpaid' } });
    expect((await post(w.coordinator, '/api/engagements', { needId: ownNeed })).statusCode).toBe(422);
    await post(w.coordinator, `/api/needs/${ownNeed}/close`);
    expect((await post(person, '/api/engagements', { needId: ownNeed })).json().error.fields).toHaveProperty('needId');

    // The organisation's time-credit floor (−6,000 min) is respected when reserving: 101 hours is too much.
    const big = await postNeed(w, { hoursEstimate: 101 });
    const tooBig = await apply(person, big);
    const overFloor = await post(w.coordinator, `/api/engagements/${tooBig.id}/accept`);
    expect(overFloor.statusCode).toBe(422);
    expect(overFloor.json().error.code).toBe('over_floor');
    expect(
      (await person.inject({ method: 'GET', url: `/api/engagements/${tooBig.id}` })).json().engagement.status,
    ).toBe('proposed');
    expect((await t().inject({ method: 'GET', url: `/api/needs/${big}` })).json().need.status).toBe('open');

    // Declining ends it with a reason key; the worker is told.
    const declined = await post(w.coordinator, `/api/engagements/${tooBig.id}/decline`, {
      message: 'Helaas, te groot voor nu.',
    });
    expect(declined.json().engagement).toMatchObject({ status: 'declined', endReasonKey: 'engagement.ended.declined' });
  });

  it('answers two confirmations at once with one posting', async () => {
    const w = await world(t(), 'Race Org');
    const p = await worker(t(), w, 'Mehmet');
    const e = await logged(w, p, await postNeed(w), 60);
    const answers = await Promise.all(
      [1, 2, 3].map(() => post(w.coordinator, `/api/engagements/${e.id}/confirm`, { minutes: 60 })),
    );
    for (const a of answers) expect([200, 409]).toContain(a.statusCode);
    expect(answers.filter((a) => a.statusCode === 200).length).toBeGreaterThanOrEqual(1);
    expect((await ledgerSnapshot(t(), w.names)).transfers).toEqual([
      'time-reserve pending 180 TIME engagement org/TIME→mehmet/TIME',
      'work posted 60 WORK work org/WORK→mehmet/WORK',
      'time-post post_pending 60 TIME engagement org/TIME→mehmet/TIME',
    ]);
  });

  it('keeps a conversation between the parties', async () => {
    const w = await world(t(), 'Chat Org');
    const p = await t().register({ displayName: 'Anouk' });
    const e = await apply(p, await postNeed(w, { compensation: { type: 'unpaid' } }));
    const sent = await post(w.coordinator, `/api/engagements/${e.id}/messages`, {
      text: 'Welkom! Zaterdag om 10 uur?',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().message).toMatchObject({ type: 'person', text: 'Welkom! Zaterdag om 10 uur?' });
    expect((await post(p, `/api/engagements/${e.id}/messages`, { text: '   ' })).statusCode).toBe(400);
    const page1 = await p.inject({ method: 'GET', url: `/api/engagements/${e.id}/messages?limit=2` });
    expect(page1.json().items).toHaveLength(2);
    const page2 = await p.inject({
      method: 'GET',
      url: `/api/engagements/${e.id}/messages?limit=2&cursor=${page1.json().nextCursor}`,
    });
    expect(page2.json()).toMatchObject({ items: [{ text: 'Welkom! Zaterdag om 10 uur?' }], nextCursor: null });
    // The preview is for confirmable engagements only.
    expect((await p.inject({ method: 'GET', url: `/api/engagements/${e.id}/confirmation-preview` })).statusCode).toBe(
      409,
    );
  });
  it('exports and erases a person’s words while the history and the ledger stay valid', async () => {
    const w = await world(t(), 'Privacy Org');
    const p = await t().register({ displayName: 'Privacy Person' });
    const e = await makeEngagement('completed', {
      needId: await postNeed(w, { compensation: { type: 'unpaid' } }),
      worker: p,
      manager: w.coordinator,
      application: { message: 'MARKER-message-4711' },
      hours: { minutes: 60, note: 'MARKER-note-4711' },
    });
    const mine = await personalData(t().ctx.db, p.id);
    expect(mine.engagements).toHaveLength(1);
    expect(JSON.stringify(mine)).toContain('MARKER-message-4711');
    expect(JSON.stringify(mine)).toContain('MARKER-note-4711');

    await erasePersonalData(t().ctx.db, p.id);
    const rows = JSON.stringify([
      await t().ctx.db.selectFrom('engagement_messages').selectAll().execute(),
      await t().ctx.db.selectFrom('engagement_logs').selectAll().execute(),
      await t().ctx.db.selectFrom('engagements').selectAll().execute(),
    ]);
    expect(rows).not.toContain('MARKER');
    const view = (await w.coordinator.inject({ method: 'GET', url: `/api/engagements/${e.id}` })).json().engagement;
    expect(view).toMatchObject({ status: 'completed', confirmedMinutes: 60, hours: [{ minutes: 60, note: null }] });
    expect((await t().inject({ method: 'GET', url: '/api/ledger/verify' })).json().ok).toBe(true);
  });
});
