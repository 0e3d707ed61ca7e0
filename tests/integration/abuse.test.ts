import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAdminEmails } from '../../server/modules/accounts/service.ts';
import { testConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { buildTestApp, describeEachDialect, type TestApp, type TestUser } from '../helpers/app.ts';
import { makeApplication, makeEngagement, makeNeed, makeOffer, makeOrganization } from '../helpers/factories.ts';
import { rowCounts, snapshot, tableNames } from '../helpers/world.ts';
import { verifyOrganization } from '../helpers/trust.ts';

/**
 * Issue 9's attack table, replayed on both databases: each row is refused with its status and
 * code, and the tables the attempt aimed at hold the same rows afterwards. One `describe` per row
 * (rows 1 and 5–8 come with their own changes).
 */

async function createOrg(user: TestUser, body: Record<string, unknown>): Promise<string> {
  const res = await user.inject({ method: 'POST', url: '/api/organizations', payload: { description: '', domains: ['greening'], ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().organization.id;
}

async function expectRefused(t: TestApp, tables: string[], attempt: () => Promise<{ statusCode: number; json(): unknown }>, status: number, code: string) {
  const before = await rowCounts(t, tables);
  const res = await attempt();
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect((res.json() as { error: { code: string } }).error.code).toBe(code);
  expect(await rowCounts(t, tables)).toEqual(before);
}

const needBody = (organizationId: string, postcode: string) => ({
  organizationId,
  kind: 'hands',
  title: 'Help bij de voedselbank',
  description: 'Pakketten inpakken',
  domains: ['food'],
  skills: ['sjouwen'],
  postcode,
  hoursEstimate: 2,
  peopleNeeded: 1,
  compensation: { type: 'unpaid' },
});

describeEachDialect('abuse row 2: match rounds by self-declared or out-of-area public bodies', (t) => {
  const roundTables = ['match_rounds', 'match_proposals', 'engagements'];

  it('refuses a round by a self-declared (unverified) "municipality"', async () => {
    const fake = await t().register();
    await createOrg(fake, { name: 'Gemeente Nep', type: 'public', postcode: '9711AA' });
    await expectRefused(t(), roundTables, () => fake.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '9711', radiusKm: 10 } }), 403, 'organization_unverified');
  });

  it('refuses a verified public body a round centred outside its municipality, and leaves out needs outside it', async () => {
    const groningen = await t().register();
    const orgId = await createOrg(groningen, { name: 'Gemeente Groningen', type: 'public', postcode: '9711AA' });
    await verifyOrganization(t(), orgId);
    await expectRefused(t(), roundTables, () => groningen.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '1011', radiusKm: 10 } }), 403, 'outside_area');

    // Utrecht's municipality, with a need in Utrecht and one in Zeist (another municipality, 10 km away).
    const utrecht = await t().register();
    const utrechtOrg = await createOrg(utrecht, { name: 'Gemeente Utrecht', type: 'public', postcode: '3511AA' });
    await verifyOrganization(t(), utrechtOrg);
    const initiative = await t().register();
    const initiativeOrg = await createOrg(initiative, { name: 'Voedselbank', type: 'initiative', postcode: '3511AA' });
    for (const postcode of ['3511AB', '3701AA']) {
      const res = await initiative.inject({ method: 'POST', url: '/api/needs', payload: needBody(initiativeOrg, postcode) });
      expect(res.statusCode, res.body).toBe(201);
    }
    const round = await utrecht.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '3511', radiusKm: 30 } });
    expect(round.statusCode, round.body).toBe(201);
    expect(round.json().round.needCount).toBe(1);
    // Verified for the whole province, the same body reaches Zeist too.
    await verifyOrganization(t(), utrechtOrg, { area: 'province' });
    const wider = await utrecht.inject({ method: 'POST', url: '/api/match-rounds', payload: { near: '3511', radiusKm: 30 } });
    expect(wider.json().round.needCount).toBe(2);
  });
});

describeEachDialect('abuse row 3: minting TIME with new organisations', (t) => {
  it('gives unverified organisations the small floor, so two new ones cannot send 12,000 minutes', async () => {
    const minter = await t().register();
    const receiver = await t().register();
    const orgs = [await createOrg(minter, { name: 'Stichting Een', type: 'initiative', postcode: '3511AA' }), await createOrg(minter, { name: 'Stichting Twee', type: 'initiative', postcode: '3511AA' })];
    for (const fromOrganizationId of orgs) {
      await expectRefused(
        t(),
        ['ledger_transfers', 'ledger_journal'],
        () => minter.inject({ method: 'POST', url: '/api/ledger/transfers', payload: { id: randomUUID(), fromOrganizationId, toUserId: receiver.id, unit: 'TIME', amount: 6000 } }),
        422,
        'over_floor',
      );
      const balances = await minter.inject({ method: 'GET', url: `/api/ledger/balances?owner=org:${fromOrganizationId}` });
      expect(balances.json().balances.find((b: { unit: string }) => b.unit === 'TIME')).toMatchObject({ floor: -600, available: 600 });
    }
  });

  it('limits organisations per person to 3 a day', async () => {
    const founder = await t().register();
    for (const name of ['Een', 'Twee', 'Drie']) await createOrg(founder, { name: `Club ${name}`, type: 'initiative', postcode: '3511AA' });
    await expectRefused(
      t(),
      ['organizations', 'memberships'],
      () => founder.inject({ method: 'POST', url: '/api/organizations', payload: { name: 'Club Vier', type: 'initiative', postcode: '3511AA' } }),
      429,
      'too_many_organizations',
    );
    t().clock.advance(24 * 60 * 60 * 1000 + 1000);
    await createOrg(founder, { name: 'Club Vier', type: 'initiative', postcode: '3511AA' });
  });
});

describeEachDialect('abuse row 4: admins who grant themselves roles, spend, or read memos', (t) => {
  it('refuses an admin who adds himself as owner, or adds others without a reason', async () => {
    const owner = await t().register();
    const orgId = await createOrg(owner, { name: 'Buurthuis', type: 'initiative', postcode: '3511AA' });
    const admin = await t().register();
    await t().makeAdmin(admin);
    await expectRefused(
      t(),
      ['memberships', 'audit_log'],
      () => admin.inject({ method: 'POST', url: `/api/organizations/${orgId}/members`, payload: { email: admin.email, role: 'owner', reason: 'I want to help out here' } }),
      403,
      'admin_role_refused',
    );
    const other = await t().register();
    await expectRefused(t(), ['memberships', 'audit_log'], () => admin.inject({ method: 'POST', url: `/api/organizations/${orgId}/members`, payload: { email: other.email, role: 'member' } }), 400, 'invalid_input');
    // Nor may an owner hand an admin a managing role, nor may an admin found an organisation.
    await expectRefused(t(), ['memberships'], () => owner.inject({ method: 'POST', url: `/api/organizations/${orgId}/members`, payload: { email: admin.email, role: 'coordinator' } }), 403, 'admin_role_refused');
    await expectRefused(t(), ['organizations', 'memberships'], () => admin.inject({ method: 'POST', url: '/api/organizations', payload: { name: 'Eigen club', type: 'initiative', postcode: '3511AA' } }), 403, 'admin_role_refused');
  });

  it('refuses an owner made admin later the spending of the organisation’s credits', async () => {
    const owner = await t().register();
    const orgId = await createOrg(owner, { name: 'Ruilwinkel', type: 'initiative', postcode: '3511AA' });
    const friend = await t().register();
    await t().makeAdmin(owner);
    await expectRefused(
      t(),
      ['ledger_transfers', 'ledger_journal', 'ledger_accounts'],
      () => owner.inject({ method: 'POST', url: '/api/ledger/transfers', payload: { id: randomUUID(), fromOrganizationId: orgId, toUserId: friend.id, unit: 'TIME', amount: 60 } }),
      403,
      'admin_cannot_spend',
    );
    // The ledger's own rule holds whatever route is used: a group debiting the organisation, initiated by an admin.
    const { createTransfers, withLedgerTransaction, organizationOwner, personOwner } = await import('../../server/modules/ledger/posting.ts');
    const before = await rowCounts(t(), ['ledger_transfers', 'ledger_journal']);
    await expect(
      withLedgerTransaction(t().ctx, (trx) =>
        createTransfers(t().ctx, trx, [{ id: randomUUID(), type: 'posted', from: organizationOwner(orgId), to: personOwner(friend.id), unit: 'TIME', amount: 60, kind: 'exchange' }], { userId: owner.id }),
      ),
    ).rejects.toMatchObject({ status: 403, code: 'admin_cannot_spend' });
    expect(await rowCounts(t(), ['ledger_transfers', 'ledger_journal'])).toEqual(before);
  });

  it('shows private memos to the parties only, not to admins', async () => {
    const amal = await t().register();
    const bert = await t().register();
    const admin = await t().register();
    await t().makeAdmin(admin);
    const id = randomUUID();
    const sent = await amal.inject({ method: 'POST', url: '/api/ledger/transfers', payload: { id, toUserId: bert.id, unit: 'TIME', amount: 30, memo: 'Voor de oppas, geheim' } });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await bert.inject({ method: 'GET', url: `/api/ledger/transfers/${id}` })).json().transfer.memo).toBe('Voor de oppas, geheim');
    const seen = await admin.inject({ method: 'GET', url: `/api/ledger/transfers/${id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().transfer.memo).toBeNull();
    expect(seen.body).not.toContain('geheim');
  });

  it('makes the ADMIN_EMAILS accounts admins, at registration and at start', async () => {
    const existing = await t().register({ email: 'later-admin@example.org' });
    await applyAdminEmails({ ...t().ctx, config: testConfig({ ADMIN_EMAILS: 'Later-Admin@example.org, other@example.org' }) });
    expect((await existing.inject({ method: 'GET', url: '/api/me' })).json().user.isAdmin).toBe(true);
    const { buildTestApp } = await import('../helpers/app.ts');
    const app = await buildTestApp(t().dialect, { ADMIN_EMAILS: 'boss@example.org' });
    try {
      expect((await (await app.register({ email: 'boss@example.org' })).inject({ method: 'GET', url: '/api/me' })).json().user.isAdmin).toBe(true);
      expect((await (await app.register()).inject({ method: 'GET', url: '/api/me' })).json().user.isAdmin).toBe(false);
    } finally {
      await app.close();
    }
  });
});

/** Every row of every table, as text: where an erased person's marker strings could hide. */
const everything = async (t: TestApp) => JSON.stringify(await snapshot(t, await tableNames(t)));

/**
 * An erasable person with something of everything: a profile with skills, an offer, an open
 * application, an accepted engagement holding a TIME reservation, a memo, and an organisation of
 * which they are the only owner, with a need in search.
 */
async function erasablePerson(t: TestApp) {
  const marker = `Xr${randomUUID().slice(0, 8)}`;
  const person = await t.register({ displayName: `${marker} Naam`, email: `${marker.toLowerCase()}@example.org` });
  const manager = await t.register();
  const friend = await t.register();
  expect((await person.inject({ method: 'PATCH', url: '/api/me', payload: { skills: [`${marker.toLowerCase()}-skill`] } })).statusCode).toBe(200);
  await makeOffer(person, { title: `${marker} helpt met tuinieren`, description: `Bel ${marker}` });
  const org = await makeOrganization(t, { name: 'Buurttuin De Wilg' }, manager);
  const timeNeed = { compensation: { type: 'time_credits' }, hoursEstimate: 2 };
  const open = await makeApplication(person, (await makeNeed(org, timeNeed)).id, { message: `Groet van ${marker}` });
  const accepted = await makeEngagement('accepted', { needId: (await makeNeed(org, timeNeed)).id, worker: person, manager });
  const sent = await person.inject({ method: 'POST', url: '/api/ledger/transfers', payload: { id: randomUUID(), toUserId: friend.id, unit: 'TIME', amount: 30, memo: `Bedankt van ${marker}` } });
  expect(sent.statusCode, sent.body).toBe(201);
  const ownOrg = await makeOrganization(t, { name: 'Repaircafé Zonder Opvolger' }, person);
  // The organisation's need is the organisation's, not the person's: it stays, under its own word.
  const word = `Fk${randomUUID().slice(0, 8)}`;
  const ownNeed = await makeNeed(ownOrg, { title: `Fietsen repareren ${word}` });
  const erase = async () => expect((await person.inject({ method: 'DELETE', url: '/api/me', payload: { currentPassword: 'a long enough passphrase' } })).statusCode).toBe(204);
  return { marker, word, person, manager, friend, org, open, accepted, ownOrg, ownNeed, erase };
}

describeEachDialect('abuse row 7: erasure that leaves nothing behind', (t) => {
  it('erases every marker and ends the person’s live business; refused acts change nothing', async () => {
    const { marker, word, person, manager, friend, org, open, accepted, ownOrg, ownNeed, erase } = await erasablePerson(t());
    const inSearch = async () => (await friend.inject({ method: 'GET', url: `/api/needs?q=${word}&limit=100` })).json().items.some((n: { id: string }) => n.id === ownNeed.id);
    expect(await inSearch()).toBe(true);
    expect(await everything(t())).toContain(marker);

    await erase();

    const dump = await everything(t());
    expect(dump.toLowerCase()).not.toContain(marker.toLowerCase());

    // The open application was withdrawn: the organisation cannot accept it any more.
    await expectRefused(t(), ['engagements', 'ledger_transfers', 'ledger_journal'], () => manager.inject({ method: 'POST', url: `/api/engagements/${open.id}/accept` }), 409, 'invalid_transition');
    // The accepted engagement ended, and its reservation was voided through the ledger's void path.
    const ended = await t().ctx.db.selectFrom('engagements').select(['id', 'status']).where('id', 'in', [open.id, accepted.id]).execute();
    expect(ended.map((e) => e.status)).toEqual(['cancelled', 'cancelled']);
    const reserve = await t().ctx.db.selectFrom('ledger_transfers').select(['phase', 'pending_id']).where('pending_id', '=', `eng.${accepted.id}.time-reserve`).execute();
    expect(reserve).toEqual([{ phase: 'void_pending', pending_id: `eng.${accepted.id}.time-reserve` }]);

    // Nothing is sent to, or joined with, the erased account.
    await expectRefused(
      t(),
      ['ledger_transfers', 'ledger_journal', 'ledger_accounts'],
      () => friend.inject({ method: 'POST', url: '/api/ledger/transfers', payload: { id: randomUUID(), toUserId: person.id, unit: 'TIME', amount: 10 } }),
      422,
      'recipient_erased',
    );
    await expectRefused(
      t(),
      ['memberships', 'audit_log'],
      () => manager.inject({ method: 'POST', url: `/api/organizations/${org.id}/members`, payload: { email: `erased-${person.id}@erased.invalid`, role: 'member' } }),
      404,
      'not_found',
    );
    // The same request for a living person is answered.
    expect((await manager.inject({ method: 'POST', url: `/api/organizations/${org.id}/members`, payload: { email: friend.email, role: 'member' } })).statusCode).toBe(201);

    // The organisation they alone owned waits for the admins, and its needs left search.
    expect(await inSearch()).toBe(false);
    const admin = await t().register();
    await t().makeAdmin(admin);
    const queue = (await admin.inject({ method: 'GET', url: '/api/admin/organizations?orphaned=true&limit=100' })).json().items;
    expect(queue.map((o: { id: string; orphanedAt: string | null }) => [o.id, o.orphanedAt !== null])).toContainEqual([ownOrg.id, true]);
    const others = (await admin.inject({ method: 'GET', url: '/api/admin/organizations?orphaned=false&limit=100' })).json().items;
    expect(others.map((o: { id: string }) => o.id)).not.toContain(ownOrg.id);
  });
});

describe('abuse row 7: no copy in the SQLite file after erasure', () => {
  it('leaves no marker, e-mail or password hash in the database file or its WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-erasure-'));
    const path = join(dir, 'waardewerk.db');
    const database = await createDb(`sqlite:${path}`);
    await migrateToLatest(database.db);
    const t = await buildTestApp('sqlite', {}, database);
    try {
      const { marker, person, erase } = await erasablePerson(t);
      const { password_hash } = await t.ctx.db.selectFrom('users').select('password_hash').where('id', '=', person.id).executeTakeFirstOrThrow();
      const fileText = () => [path, `${path}-wal`].map((p) => (existsSync(p) ? readFileSync(p).toString('latin1') : '')).join('');
      database.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
      expect(fileText()).toContain(marker);
      expect(fileText()).toContain(password_hash);

      await erase();

      const bytes = fileText();
      expect(bytes.toLowerCase()).not.toContain(marker.toLowerCase());
      expect(bytes).not.toContain(password_hash);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
