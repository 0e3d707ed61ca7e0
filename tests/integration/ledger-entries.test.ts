import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { publicEntriesPage } from '../../shared/schemas/ledger-entries.ts';
import { describeEachDialect } from '../helpers/app.ts';

describeEachDialect('public journal entries (GET /api/ledger/entries)', (t) => {
  it('lists the newest entries to anyone, with hashes and amounts but no owners, memos or account ids', async () => {
    const amal = await t().register({ displayName: 'Amal' });
    const bert = await t().register({ displayName: 'Bert' });
    const transferId = randomUUID();
    const sent = await amal.inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id: transferId, toUserId: bert.id, unit: 'TIME', amount: 90, memo: 'Fietsles van Amal' },
    });
    expect(sent.statusCode).toBe(201);

    const res = await t().inject({ method: 'GET', url: '/api/ledger/entries?limit=3' });
    expect(res.statusCode).toBe(200);
    const page = publicEntriesPage.parse(res.json());
    // Two TIME accounts were opened, then the transfer: newest first.
    expect(page.items.map((e) => e.type)).toEqual(['transfer', 'account', 'account']);
    expect(page.items[0]?.transfer).toMatchObject({ id: transferId, amount: 90, unit: 'TIME', phase: 'posted' });
    expect(page.items[0]?.prevHash).toBe(page.items[1]?.hash);
    const text = res.body;
    for (const secret of [amal.id, bert.id, 'Fietsles', 'Amal', 'Bert']) expect(text).not.toContain(secret);
    const accountIds = (await amal.inject({ method: 'GET', url: '/api/ledger/balances' }))
      .json()
      .balances.map((b: { accountId: string | null }) => b.accountId);
    for (const accountId of accountIds.filter((a: string | null) => a !== null)) expect(text).not.toContain(accountId);

    // The newest entry is the head the verifier reports.
    const verify = (await t().inject({ method: 'GET', url: '/api/ledger/verify' })).json();
    expect(verify.ok).toBe(true);
    expect(page.items[0]?.hash).toBe(verify.headHash);
    expect(page.items[0]?.seq).toBe(verify.entries);
  });

  it('pages backwards with a cursor and refuses a bad one', async () => {
    const amal = await t().register();
    const bert = await t().register();
    for (const amount of [10, 20, 30]) {
      const res = await amal.inject({
        method: 'POST',
        url: '/api/ledger/transfers',
        payload: { id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount },
      });
      expect(res.statusCode).toBe(201);
    }
    const first = publicEntriesPage.parse(
      (await t().inject({ method: 'GET', url: '/api/ledger/entries?limit=2' })).json(),
    );
    expect(first.items.map((e) => e.transfer?.amount)).toEqual([30, 20]);
    expect(first.nextCursor).not.toBeNull();
    const second = publicEntriesPage.parse(
      (await t().inject({ method: 'GET', url: `/api/ledger/entries?limit=2&cursor=${first.nextCursor}` })).json(),
    );
    expect(second.items[0]?.transfer?.amount).toBe(10);
    expect(second.items[0]?.seq).toBe((first.items[1]?.seq ?? 0) - 1);

    const bad = await t().inject({ method: 'GET', url: '/api/ledger/entries?cursor=nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('cursor');
    expect((await t().inject({ method: 'GET', url: '/api/ledger/entries?limit=500' })).statusCode).toBe(400);
  });
});
