import { expect, it } from 'vitest';
import { seedDemoData } from '../../server/seed/demo.ts';
import { describeEachDialect } from '../helpers/app.ts';

describeEachDialect('demo engagement history', (t) => {
  it('seeds confirmed engagements through the real services, so wallets and the ledger are not empty', async () => {
    t().clock.set(new Date('2026-05-20T12:00:00Z'));
    const counts = await seedDemoData(t().ctx);
    expect(counts).toMatchObject({ engagements: 16, completedEngagements: 12 });

    const statuses = await t().ctx.db.selectFrom('engagements').select(['status']).execute();
    const byStatus: Record<string, number> = {};
    for (const s of statuses) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    expect(byStatus).toEqual({ completed: 12, hours_logged: 1, accepted: 1, proposed: 2 });

    const login = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'fatima@waardewerk.example', password: 'waardewerk-demo' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const balances = (
      await t().inject({ method: 'GET', url: '/api/ledger/balances?owner=me', headers: { cookie } })
    ).json().balances;
    const fatima = Object.fromEntries(balances.map((b: { unit: string; posted: number }) => [b.unit, b.posted]));
    // 180 min at the taalcafé + 240 min as energy coach; €20.00 allowance for the coaching.
    expect(fatima).toMatchObject({ WORK: 420, EUR: 2000 });
    const list = (await t().inject({ method: 'GET', url: '/api/engagements?role=worker', headers: { cookie } })).json()
      .items;
    expect(list.map((e: { status: string }) => e.status).sort()).toEqual(['accepted', 'completed', 'completed']);

    const verify = (await t().inject({ method: 'GET', url: '/api/ledger/verify' })).json();
    expect(verify.ok).toBe(true);
    expect(verify.entries).toBeGreaterThan(30);
  });
});
