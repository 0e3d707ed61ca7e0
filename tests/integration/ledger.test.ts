import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  createTransfers,
  eraseLedgerMemos,
  expirePendingTransfers,
  organizationOwner,
  personOwner,
  postPending,
  voidPending,
  withLedgerTransaction,
  type TransferInput,
} from '../../server/modules/ledger/posting.ts';
import type { Balance, LedgerUnit } from '../../shared/schemas/ledger.ts';
import { describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import { makeOrganization } from '../helpers/factories.ts';

const HLEDGER = '/usr/bin/hledger';

async function send(from: TestUser, payload: Record<string, unknown>) {
  return from.inject({ method: 'POST', url: '/api/ledger/transfers', payload });
}

async function balances(user: TestUser, owner = 'me') {
  const res = await user.inject({ method: 'GET', url: `/api/ledger/balances?owner=${owner}` });
  expect(res.statusCode).toBe(200);
  const list: Balance[] = res.json().balances;
  const of = (unit: LedgerUnit): Balance => {
    const b = list.find((x) => x.unit === unit);
    if (!b) throw new Error(`no ${unit} balance`);
    return b;
  };
  return { TIME: of('TIME'), WORK: of('WORK'), EUR: of('EUR'), INKIND: of('INKIND') };
}

const organizationOf = async (t: TestApp, owner: TestUser) =>
  (await makeOrganization(t, { name: 'Buurtkamer Oost', postcode: '1091AB' }, owner)).id;

async function verify(t: () => TestApp) {
  const res = await t().inject({ method: 'GET', url: '/api/ledger/verify' });
  expect(res.statusCode).toBe(200);
  return res.json() as { ok: boolean; entries: number; headHash: string; problems: string[] };
}

const run = (t: () => TestApp, inputs: TransferInput[], actor: string | null = null) =>
  withLedgerTransaction(t().ctx, (trx) => createTransfers(t().ctx, trx, inputs, actor ? { userId: actor } : null));

describeEachDialect('ledger: timebank exchange', (t) => {
  let amal: TestUser;
  let bert: TestUser;
  let stranger: TestUser;

  it('sends time credits, shows balances with floor and available, and verifies', async () => {
    amal = await t().register();
    bert = await t().register();
    stranger = await t().register();
    const events: unknown[] = [];
    const off = t().ctx.events.on('ledger', (e) => events.push(e));
    const id = randomUUID();
    const res = await send(amal, { id, toUserId: bert.id, unit: 'TIME', amount: 90, memo: 'Fiets gerepareerd' });
    off();
    expect(res.statusCode).toBe(201);
    expect(res.json().transfer).toMatchObject({
      id,
      amount: 90,
      unit: 'TIME',
      status: 'posted',
      kind: 'exchange',
      memo: 'Fiets gerepareerd',
      from: { type: 'person', id: amal.id },
      to: { type: 'person', id: bert.id },
    });
    expect(events).toEqual([
      { transferIds: [id], userIds: expect.arrayContaining([amal.id, bert.id]), organizationIds: [] },
    ]);

    const a = await balances(amal);
    expect(a.TIME).toMatchObject({ posted: -90, pending: 0, floor: -600, available: 510 });
    expect(a.WORK).toMatchObject({ posted: 0, accountId: null });
    expect((await balances(bert)).TIME).toMatchObject({ posted: 90, available: 690 });
    const v = await verify(t);
    expect(v).toMatchObject({ ok: true, entries: 3, problems: [] });
    expect(v.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers a retry with the same transfer (200) and refuses the same id with another body (409)', async () => {
    const id = randomUUID();
    const body = { id, toUserId: bert.id, unit: 'TIME', amount: 30, memo: 'Boodschappen' };
    const first = await send(amal, body);
    expect(first.statusCode).toBe(201);
    const again = await send(amal, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    for (const other of [
      { ...body, amount: 31 },
      { ...body, memo: 'iets anders' },
      { ...body, toUserId: stranger.id },
    ]) {
      const res = await send(amal, other);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('idempotency_conflict');
    }
    // Someone else reusing the id is a different request too, and learns nothing about the original.
    const theirs = await send(stranger, body);
    expect(theirs.statusCode).toBe(409);
    expect(theirs.body).not.toContain('Boodschappen');
    expect((await balances(amal)).TIME.posted).toBe(-120);
  });

  it('refuses going below the floor with 422 over_floor and the available amount', async () => {
    const res = await send(amal, { id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 481 });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'over_floor',
      fields: { amount: expect.any(String) },
      details: { available: 480, floor: -600 },
    });
    const exact = await send(amal, { id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 480 });
    expect(exact.statusCode).toBe(201);
    expect((await balances(amal)).TIME).toMatchObject({ posted: -600, available: 0 });
    const one = await send(amal, { id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 1 });
    expect(one.json().error.details.available).toBe(0);
  });

  it('answers bad input with 400 and the field, never a 500', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 10, role: 'admin' }, 'role'],
      [{ id: randomUUID(), toUserId: bert.id, toOrganizationId: 'x', unit: 'TIME', amount: 10 }, 'toUserId'],
      [{ id: randomUUID(), unit: 'TIME', amount: 10 }, 'toUserId'],
      [{ id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 1.5 }, 'amount'],
      [{ id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: -5 }, 'amount'],
      [{ id: randomUUID(), toUserId: bert.id, unit: 'WORK', amount: 5 }, 'unit'],
      [{ id: 'not-a-uuid', toUserId: bert.id, unit: 'TIME', amount: 5 }, 'id'],
      [{ id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 5, memo: 'x'.repeat(501) }, 'memo'],
      [{ id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 1e20 }, 'amount'],
    ];
    for (const [payload, field] of cases) {
      const res = await send(bert, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(Object.keys(res.json().error.fields ?? {})).toContain(field);
    }
    const self = await send(bert, { id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 5 });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields).toHaveProperty('toUserId');
    const nobody = await send(bert, { id: randomUUID(), toUserId: 'no-such-person', unit: 'TIME', amount: 5 });
    expect(nobody.statusCode).toBe(404);
    const anonymous = await t().inject({
      method: 'POST',
      url: '/api/ledger/transfers',
      payload: { id: randomUUID(), toUserId: bert.id, unit: 'TIME', amount: 5 },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('shows a transfer to its parties and admins only, and lists transfers by page', async () => {
    const id = randomUUID();
    await send(bert, { id, toUserId: amal.id, unit: 'TIME', amount: 15, memo: 'Taal-oefening' });
    expect((await amal.inject({ method: 'GET', url: `/api/ledger/transfers/${id}` })).json().transfer.memo).toBe(
      'Taal-oefening',
    );
    expect((await stranger.inject({ method: 'GET', url: `/api/ledger/transfers/${id}` })).statusCode).toBe(403);
    expect((await amal.inject({ method: 'GET', url: `/api/ledger/transfers/${randomUUID()}` })).statusCode).toBe(404);
    const admin = await t().register();
    await t().makeAdmin(admin);
    expect((await admin.inject({ method: 'GET', url: `/api/ledger/transfers/${id}` })).statusCode).toBe(200);

    const first = await amal.inject({ method: 'GET', url: '/api/ledger/transfers?limit=2' });
    const page1 = first.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0].id).toBe(id);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (
      await amal.inject({ method: 'GET', url: `/api/ledger/transfers?limit=100&cursor=${page1.nextCursor}` })
    ).json();
    expect(page2.items.length).toBe(2);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((i: { id: string }) => i.id)).size).toBe(4);
    expect((await stranger.inject({ method: 'GET', url: '/api/ledger/transfers' })).json()).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await amal.inject({ method: 'GET', url: '/api/ledger/transfers?cursor=garbage' })).statusCode).toBe(400);
  });

  it('sends to and from an organisation; organisation balances are for its members only', async () => {
    const orgId = await organizationOf(t(), bert);
    const res = await send(amal, { id: randomUUID(), toOrganizationId: orgId, unit: 'TIME', amount: 0 + 10 });
    // Amal is at her floor after the earlier tests, apart from 15 received.
    expect(res.statusCode).toBe(201);
    // Unverified: the small floor (issue 9); verification raises it (verification.test.ts).
    expect((await balances(bert, `org:${orgId}`)).TIME).toMatchObject({ posted: 10, floor: -600, available: 610 });
    expect((await stranger.inject({ method: 'GET', url: `/api/ledger/balances?owner=org:${orgId}` })).statusCode).toBe(
      403,
    );
    const fromOrg = await send(bert, {
      id: randomUUID(),
      fromOrganizationId: orgId,
      toUserId: stranger.id,
      unit: 'TIME',
      amount: 100,
    });
    expect(fromOrg.statusCode).toBe(201);
    expect((await balances(stranger)).TIME.posted).toBe(100);
    const notTheirs = await send(stranger, {
      id: randomUUID(),
      fromOrganizationId: orgId,
      toUserId: amal.id,
      unit: 'TIME',
      amount: 1,
    });
    expect(notTheirs.statusCode).toBe(403);
  });

  it('lets only admins change a floor (journalled) and correct a transfer with a reversal', async () => {
    const accountId = (await balances(amal)).TIME.accountId ?? '';
    const refused = await amal.inject({
      method: 'PUT',
      url: `/api/ledger/accounts/${accountId}/floor`,
      payload: { floor: -5000, reason: 'Busy season coming' },
    });
    expect(refused.statusCode).toBe(403);
    const admin = await t().register();
    await t().makeAdmin(admin);
    const entriesBefore = (await verify(t)).entries;
    const changed = await admin.inject({
      method: 'PUT',
      url: `/api/ledger/accounts/${accountId}/floor`,
      payload: { floor: -1200, reason: 'Busy season coming' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().balance).toMatchObject({ floor: -1200, available: 600 + 15 - 10 });
    expect(
      (
        await admin.inject({
          method: 'PUT',
          url: `/api/ledger/accounts/${accountId}/floor`,
          payload: { floor: 5, reason: 'Busy season coming' },
        })
      ).statusCode,
    ).toBe(400);
    const v = await verify(t);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(entriesBefore + 1);

    const original = randomUUID();
    await send(amal, { id: original, toUserId: bert.id, unit: 'TIME', amount: 45 });
    const bertBefore = (await balances(bert)).TIME.posted;
    const body = { id: randomUUID(), transferId: original, reason: 'Dubbel ingevoerd' };
    expect((await amal.inject({ method: 'POST', url: '/api/ledger/corrections', payload: body })).statusCode).toBe(403);
    const corrected = await admin.inject({ method: 'POST', url: '/api/ledger/corrections', payload: body });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.json().transfer).toMatchObject({
      kind: 'correction',
      correctsId: original,
      amount: 45,
      from: { id: bert.id },
      to: { id: amal.id },
      memo: 'Dubbel ingevoerd',
    });
    expect((await balances(bert)).TIME.posted).toBe(bertBefore - 45);
    expect((await admin.inject({ method: 'POST', url: '/api/ledger/corrections', payload: body })).statusCode).toBe(
      200,
    );
    const twice = await admin.inject({
      method: 'POST',
      url: '/api/ledger/corrections',
      payload: { ...body, id: randomUUID() },
    });
    expect(twice.statusCode).toBe(409);
    expect((await verify(t)).ok).toBe(true);
  });

  it('exports hledger that passes `hledger check` with balances equal to the API, and CSV', async (ctx) => {
    const admin = await t().register();
    await t().makeAdmin(admin);
    // A pending transfer and a WORK and EUR transfer so every status and unit shows up.
    const orgId = await organizationOf(t(), await t().register());
    await run(t, [
      {
        id: randomUUID(),
        type: 'posted',
        from: organizationOwner(orgId),
        to: personOwner(bert.id),
        unit: 'WORK',
        amount: 120,
        kind: 'work',
      },
      {
        id: randomUUID(),
        type: 'posted',
        from: organizationOwner(orgId),
        to: personOwner(bert.id),
        unit: 'EUR',
        amount: 1234,
        kind: 'allowance',
      },
      {
        id: randomUUID(),
        type: 'pending',
        from: personOwner(bert.id),
        to: organizationOwner(orgId),
        unit: 'TIME',
        amount: 40,
        kind: 'exchange',
      },
    ]);

    const csv = await bert.inject({ method: 'GET', url: '/api/ledger/export?format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'seq,id,created_at,phase,status,group_id,from_type,from_id,to_type,to_id,debit_account_id,credit_account_id,amount,unit,kind,pending_id,corrects_id,reference_type,reference_id',
    );
    expect(csv.body).not.toContain('Taal-oefening');

    const journal = await bert.inject({ method: 'GET', url: '/api/ledger/export?format=hledger' });
    expect(journal.statusCode).toBe(200);
    expect(journal.body).toContain('commodity TIMEmin\n  format 1. TIMEmin');
    expect(journal.body).toContain('12.34 EUR');
    if (!existsSync(HLEDGER)) {
      // CI installs hledger: there a missing binary is a failure, not a reason to skip.
      if (process.env.CI)
        throw new Error(`hledger is not installed at ${HLEDGER}, but CI must check the export with it`);
      ctx.skip(
        `hledger is not installed at ${HLEDGER}: apt-get install -y --no-install-recommends hledger (CI has it)`,
      );
      return;
    }
    for (const [who, format] of [
      [bert, 'bert'],
      [admin, 'admin'],
    ] as const) {
      const body =
        who === bert
          ? journal.body
          : (await admin.inject({ method: 'GET', url: '/api/ledger/export?format=hledger' })).body;
      const file = join(mkdtempSync(join(tmpdir(), 'ledger-')), `${format}.journal`);
      writeFileSync(file, body);
      execFileSync(HLEDGER, ['-f', file, 'check', 'accounts', 'commodities', 'ordereddates'], { stdio: 'pipe' });
      const holders =
        who === bert
          ? [['person', bert.id, bert]]
          : [
              ['person', bert.id, bert],
              ['person', amal.id, amal],
              ['organization', orgId, admin],
            ];
      for (const [type, id, viewer] of holders) {
        const owner = type === 'organization' ? `org:${String(id)}` : 'me';
        const api = await balances(viewer as TestUser, owner);
        for (const unit of ['TIME', 'WORK', 'EUR'] as const) {
          const account = `${String(type)}:${String(id)}:${unit.toLowerCase()}`;
          const hledgerSum = (flag: string) => {
            const out = execFileSync(HLEDGER, ['-f', file, 'bal', flag, '-N', '--layout=bare', `^${account}$`], {
              encoding: 'utf8',
            }).trim();
            const number = out.split(/\s+/)[0] ?? '0';
            return number === '' || number === '0' ? 0 : Math.round(Number(number) * (unit === 'EUR' ? 100 : 1));
          };
          expect(hledgerSum('-C'), `${format} ${account} posted`).toBe(api[unit]?.posted);
          expect(hledgerSum('-P'), `${format} ${account} pending`).toBe(api[unit]?.pending);
        }
      }
    }
    console.log(`[ledger export] hledger check passed; balances equal the API for ${HLEDGER}`);
  });

  it('erases memos without breaking the chain', async () => {
    const marker = `memo-marker-${randomUUID()}`;
    await send(bert, { id: randomUUID(), toUserId: amal.id, unit: 'TIME', amount: 5, memo: marker });
    const erased = await withLedgerTransaction(t().ctx, (trx) => eraseLedgerMemos(trx, bert.id));
    expect(erased).toBeGreaterThan(0);
    const left = await t().database.db.selectFrom('ledger_memos').select('memo').where('memo', '=', marker).execute();
    expect(left).toEqual([]);
    const journal = await t()
      .database.db.selectFrom('ledger_journal')
      .select('entry')
      .where('entry', 'like', `%${marker}%`)
      .execute();
    expect(journal).toEqual([]);
    expect((await verify(t)).ok).toBe(true);
  });
});

describeEachDialect('ledger: service API (two-phase, linked groups, expiry)', (t) => {
  it('reserves, posts part (rest released), and refuses a second resolution', async () => {
    const org = organizationOwner(randomUUID());
    const p = personOwner(randomUUID());
    const reserve = randomUUID();
    await run(t, [
      {
        id: reserve,
        type: 'pending',
        from: org,
        to: p,
        unit: 'TIME',
        amount: 180,
        kind: 'engagement',
        reference: { type: 'engagement', id: 'e1' },
      },
    ]);
    const ctx = t().ctx;
    const orgTime = () =>
      ctx.db
        .selectFrom('ledger_accounts')
        .selectAll()
        .where('owner_id', '=', org.id)
        .where('unit', '=', 'TIME')
        .executeTakeFirstOrThrow();
    expect(await orgTime()).toMatchObject({ debits_pending: 180, debits_posted: 0 });

    const confirm = await withLedgerTransaction(ctx, (trx) =>
      createTransfers(
        ctx,
        trx,
        [
          { id: `${reserve}-w`, type: 'posted', from: org, to: p, unit: 'WORK', amount: 120, kind: 'work' },
          { id: `${reserve}-t`, type: 'post', pendingId: reserve, amount: 120 },
        ],
        null,
      ),
    );
    expect(confirm.transfers.map((r) => [r.phase, r.amount, r.reference_id])).toEqual([
      ['posted', 120, null],
      ['post_pending', 120, 'e1'],
    ]);
    expect(await orgTime()).toMatchObject({ debits_pending: 0, debits_posted: 120 });

    await expect(
      withLedgerTransaction(ctx, (trx) => voidPending(ctx, trx, { id: randomUUID(), pendingId: reserve }, null)),
    ).rejects.toMatchObject({ status: 409, details: { reason: 'pending_already_posted' } });
    await expect(
      withLedgerTransaction(ctx, (trx) => postPending(ctx, trx, { id: randomUUID(), pendingId: reserve }, null)),
    ).rejects.toMatchObject({ status: 409 });
    // Retrying the confirmation itself is safe.
    const again = await withLedgerTransaction(ctx, (trx) =>
      createTransfers(
        ctx,
        trx,
        [
          { id: `${reserve}-w`, type: 'posted', from: org, to: p, unit: 'WORK', amount: 120, kind: 'work' },
          { id: `${reserve}-t`, type: 'post', pendingId: reserve, amount: 120 },
        ],
        null,
      ),
    );
    expect(again.replayed).toBe(true);
    expect(await orgTime()).toMatchObject({ debits_pending: 0, debits_posted: 120 });
  });

  it('voids, refuses posting more than reserved, and expires pendings after their timeout', async () => {
    const ctx = t().ctx;
    const a = personOwner(randomUUID());
    const b = personOwner(randomUUID());
    const p1 = randomUUID();
    await run(t, [{ id: p1, type: 'pending', from: a, to: b, unit: 'TIME', amount: 60, kind: 'exchange' }]);
    await expect(
      withLedgerTransaction(ctx, (trx) => postPending(ctx, trx, { id: randomUUID(), pendingId: p1, amount: 61 }, null)),
    ).rejects.toMatchObject({ status: 422, details: { reason: 'post_exceeds_pending' } });
    await withLedgerTransaction(ctx, (trx) => voidPending(ctx, trx, { id: randomUUID(), pendingId: p1 }, null));

    const p2 = randomUUID();
    await run(t, [
      { id: p2, type: 'pending', from: a, to: b, unit: 'TIME', amount: 30, kind: 'exchange', timeoutSeconds: 3600 },
    ]);
    expect(await expirePendingTransfers(ctx)).toBe(0);
    t().clock.advance(3600 * 1000);
    await expect(
      withLedgerTransaction(ctx, (trx) => postPending(ctx, trx, { id: randomUUID(), pendingId: p2 }, null)),
    ).rejects.toMatchObject({ status: 422, details: { reason: 'pending_expired' } });
    expect(await expirePendingTransfers(ctx)).toBe(1);
    expect(await expirePendingTransfers(ctx)).toBe(0);
    const account = await ctx.db
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('owner_id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ debits_pending: 0, debits_posted: 0 });
  });

  it('writes nothing of a linked group with one invalid leg', async () => {
    const ctx = t().ctx;
    const a = personOwner(randomUUID());
    const b = personOwner(randomUUID());
    const before = await ctx.db
      .selectFrom('ledger_transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const ids = [randomUUID(), randomUUID()];
    await expect(
      run(t, [
        { id: ids[0] ?? '', type: 'posted', from: a, to: b, unit: 'WORK', amount: 60, kind: 'work' },
        { id: ids[1] ?? '', type: 'posted', from: a, to: b, unit: 'TIME', amount: 601, kind: 'exchange' },
      ]),
    ).rejects.toMatchObject({ status: 422, code: 'over_floor', details: { index: 1 } });
    const after = await ctx.db
      .selectFrom('ledger_transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await ctx.db.selectFrom('ledger_accounts').select('id').where('owner_id', '=', a.id).execute()).toEqual([]);
  });

  it('refuses UPDATE and DELETE on transfers and the journal at the database', async () => {
    const db = t().database.db;
    await run(t, [
      {
        id: randomUUID(),
        type: 'posted',
        from: personOwner(randomUUID()),
        to: personOwner(randomUUID()),
        unit: 'WORK',
        amount: 5,
        kind: 'work',
      },
    ]);
    for (const statement of [
      sql`update ledger_transfers set amount = amount + 1`,
      sql`delete from ledger_transfers`,
      sql`update ledger_journal set hash = 'x'`,
      sql`delete from ledger_journal`,
      sql`delete from ledger_accounts`,
    ]) {
      await expect(statement.execute(db)).rejects.toThrow(/append-only|never deleted/);
    }
  });
});
