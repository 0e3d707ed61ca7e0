import { expect, it } from 'vitest';
import { verifyLedger } from '../../server/modules/ledger/index.ts';
import { describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import { addMember, expectStatus, makeOrganization } from '../helpers/factories.ts';

/**
 * Issue 14, item 3: lending that comes back. A loan through hand-over and return records the use as
 * INKIND (days × value per day) without moving ownership; past its due date the sweep marks it
 * overdue and reminds both sides (again a day later); a lost item is settled by agreement.
 */

const DAY = 24 * 60 * 60 * 1000;
type Loan = {
  id: string;
  status: string;
  dueAt: string | null;
  reminders: number;
  inkindCents: number | null;
  actions: string[];
};

const itemBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Boormachine',
  description: 'Met klopstand en een set boren.',
  valuePerDayCents: 450,
  loanDays: 7,
  postcode: '3511AB',
  ...overrides,
});
const act = (user: TestUser, id: string, path: string, payload: Record<string, unknown> = {}) =>
  user.inject({ method: 'POST', url: `/api/loans/${id}/${path}`, payload });

async function inkindOf(t: TestApp, loanId: string) {
  return t.ctx.db
    .selectFrom('ledger_transfers')
    .select(['unit', 'amount', 'kind'])
    .where('reference_id', '=', loanId)
    .orderBy('seq')
    .execute();
}

describeEachDialect('loans: lending that comes back', (t) => {
  it('an initiative’s library of things: requested → handed over → returned, the use recorded in kind', async () => {
    const library = await makeOrganization(t(), { name: 'Gereedschapsbieb Oost' });
    const volunteer = await t().register();
    await addMember(library, volunteer, 'coordinator');
    const item = expectStatus<{ item: { id: string; status: string; owner: { type: string } } }>(
      await library.owner.inject({
        method: 'POST',
        url: '/api/lendable-items',
        payload: { ...itemBody(), organizationId: library.id },
      }),
      201,
      'item',
    ).item;
    expect(item).toMatchObject({ status: 'available', owner: { type: 'organization' } });
    const shelf = await t().inject({ method: 'GET', url: `/api/lendable-items?organizationId=${library.id}` });
    expect(shelf.json().items.map((i: { id: string }) => i.id)).toEqual([item.id]);

    const borrower = await t().register({ displayName: 'Kees' });
    const stranger = await t().register();
    const loan = expectStatus<{ loan: Loan }>(
      await borrower.inject({
        method: 'POST',
        url: `/api/lendable-items/${item.id}/loans`,
        payload: { message: 'Voor een weekend klussen' },
      }),
      201,
      'request',
    ).loan;
    expect(loan).toMatchObject({ status: 'requested', actions: ['cancel'] });
    expect((await stranger.inject({ method: 'GET', url: `/api/loans/${loan.id}` })).statusCode).toBe(404);
    expect((await act(borrower, loan.id, 'hand-over', { condition: 'Als nieuw' })).statusCode).toBe(403);

    const out = expectStatus<{ loan: Loan }>(
      await act(volunteer, loan.id, 'hand-over', { condition: 'Als nieuw, alle boren erbij' }),
      200,
      'hand over',
    ).loan;
    expect(out.status).toBe('handed_over');
    expect(out.dueAt).toBe(new Date(t().clock.now().getTime() + 7 * DAY).toISOString());
    expect(
      expectStatus<{ item: { status: string } }>(
        await t().inject({ method: 'GET', url: `/api/lendable-items/${item.id}` }),
        200,
        'item',
      ).item.status,
    ).toBe('on_loan');

    t().clock.advance(3 * DAY - 60_000);
    const back = expectStatus<{ loan: Loan }>(
      await act(library.owner, loan.id, 'return', { condition: 'Eén boor kwijt' }),
      200,
      'return',
    ).loan;
    expect(back).toMatchObject({ status: 'returned', inkindCents: 3 * 450, actions: [] });
    expect(await inkindOf(t(), loan.id)).toEqual([{ unit: 'INKIND', amount: 1350, kind: 'loan' }]);
    expect(
      expectStatus<{ item: { status: string } }>(
        await t().inject({ method: 'GET', url: `/api/lendable-items/${item.id}` }),
        200,
        'item',
      ).item.status,
    ).toBe('available');
    expect((await act(library.owner, loan.id, 'return', { condition: 'Nog eens' })).statusCode).toBe(409);
    expect((await verifyLedger(t().database.db, t().dialect, t().clock.now(), t().database.sqlite)).ok).toBe(true);
  });

  it('past its due date a loan becomes overdue and both sides are reminded, again a day later', async () => {
    const lender = await t().register();
    const borrower = await t().register();
    const item = expectStatus<{ item: { id: string } }>(
      await lender.inject({
        method: 'POST',
        url: '/api/lendable-items',
        payload: itemBody({ title: 'Ladder', loanDays: 2 }),
      }),
      201,
      'item',
    ).item;
    const loan = expectStatus<{ loan: Loan }>(
      await borrower.inject({ method: 'POST', url: `/api/lendable-items/${item.id}/loans`, payload: {} }),
      201,
      'request',
    ).loan;
    expectStatus(await act(lender, loan.id, 'hand-over', { condition: 'Goed' }), 200, 'hand over');

    // Reminders are notifications written with the change: each side's bell holds them.
    const reminders = async (who: TestUser) =>
      expectStatus<{ items: { kind: string; data: { loanId?: string } }[] }>(
        await who.inject({ method: 'GET', url: '/api/notifications?limit=50' }),
        200,
        'notifications',
      ).items.filter((n) => n.kind === 'loan.overdue' && n.data.loanId === loan.id).length;
    const both = async () => [await reminders(lender), await reminders(borrower)];

    t().clock.advance(DAY);
    expect(await t().app.jobs.runNow('loans-overdue-sweep')).toBe('ran');
    expect(await both()).toEqual([0, 0]);

    t().clock.advance(DAY + 60_000);
    expect(await t().app.jobs.runNow('loans-overdue-sweep')).toBe('ran');
    expect(await both()).toEqual([1, 1]);
    const overdue = expectStatus<{ loan: Loan }>(
      await borrower.inject({ method: 'GET', url: `/api/loans/${loan.id}` }),
      200,
      'read',
    ).loan;
    expect(overdue).toMatchObject({ status: 'overdue', reminders: 1 });

    // The same day: no second reminder; a day later: one more.
    t().clock.advance(60 * 60 * 1000);
    await t().app.jobs.runNow('loans-overdue-sweep');
    expect(await both()).toEqual([1, 1]);
    t().clock.advance(DAY);
    await t().app.jobs.runNow('loans-overdue-sweep');
    expect(await both()).toEqual([2, 2]);

    const back = expectStatus<{ loan: Loan }>(
      await act(lender, loan.id, 'return', { condition: 'Modder aan de treden' }),
      200,
      'return late',
    ).loan;
    expect(back.status).toBe('returned');
    await t().app.jobs.runNow('loans-overdue-sweep');
    t().clock.advance(DAY);
    await t().app.jobs.runNow('loans-overdue-sweep');
    expect(await both()).toEqual([2, 2]);
  });

  it('a lost item is settled in time credits, or written off, only by agreement of both', async () => {
    const lender = await t().register();
    const borrower = await t().register();
    const lose = async (title: string) => {
      const item = expectStatus<{ item: { id: string } }>(
        await lender.inject({
          method: 'POST',
          url: '/api/lendable-items',
          payload: itemBody({ title, valuePerDayCents: 200 }),
        }),
        201,
        'item',
      ).item;
      const loan = expectStatus<{ loan: Loan }>(
        await borrower.inject({ method: 'POST', url: `/api/lendable-items/${item.id}/loans`, payload: {} }),
        201,
        'request',
      ).loan;
      expectStatus(await act(lender, loan.id, 'hand-over', { condition: 'Goed' }), 200, 'hand over');
      return { item, loan };
    };

    const first = await lose('Tent');
    expect((await act(lender, first.loan.id, 'settlement/agree')).statusCode).toBe(409);
    const bad = await act(borrower, first.loan.id, 'settlement', { outcome: 'time_credits' });
    expect(bad.statusCode).toBe(400);
    expectStatus(
      await act(borrower, first.loan.id, 'settlement', {
        outcome: 'time_credits',
        minutes: 120,
        note: 'Tent is weggewaaid',
      }),
      200,
      'propose',
    );
    expect((await act(borrower, first.loan.id, 'settlement/agree')).statusCode).toBe(403);
    t().clock.advance(2 * 24 * 60 * 60 * 1000);
    const settled = expectStatus<{ loan: Loan & { settlement: { agreed: boolean } } }>(
      await act(lender, first.loan.id, 'settlement/agree'),
      200,
      'agree',
    ).loan;
    expect(settled).toMatchObject({ status: 'lost', inkindCents: 400, settlement: { agreed: true } });
    expect(await inkindOf(t(), first.loan.id)).toEqual([
      { unit: 'INKIND', amount: 400, kind: 'loan' },
      { unit: 'TIME', amount: 120, kind: 'loan_lost' },
    ]);
    expect(
      expectStatus<{ item: { status: string } }>(
        await t().inject({ method: 'GET', url: `/api/lendable-items/${first.item.id}` }),
        200,
        'item',
      ).item.status,
    ).toBe('retired');

    const second = await lose('Fietspomp');
    expectStatus(
      await act(lender, second.loan.id, 'settlement', { outcome: 'write_off', note: 'Was al oud' }),
      200,
      'propose write-off',
    );
    expectStatus(await act(borrower, second.loan.id, 'settlement/agree'), 200, 'agree write-off');
    expect((await inkindOf(t(), second.loan.id)).map((r) => r.unit)).toEqual(['INKIND']);
    expect((await verifyLedger(t().database.db, t().dialect, t().clock.now(), t().database.sqlite)).ok).toBe(true);
  });
});
