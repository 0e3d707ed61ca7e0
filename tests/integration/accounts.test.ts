import { expect, it } from 'vitest';
import { describeEachDialect, ORIGIN, sessionCookieFrom } from '../helpers/app.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describeEachDialect('accounts and sessions', (t) => {
  it('registers, reads me, logs out, and is then signed out', async () => {
    const res = await t().inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'Amal@Example.org', password: 'tulpen in de lente', displayName: 'Amal', locale: 'ar' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({
      email: 'amal@example.org',
      displayName: 'Amal',
      locale: 'ar',
      mayDoPaidWork: 'unknown',
    });
    const cookie = sessionCookieFrom(res);

    const me = await t().inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('amal@example.org');
    expect(me.body).not.toMatch(/secret|password_hash|passwordHash/);

    const out = await t().inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'session')?.value).toBe('');

    const after = await t().inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('not_signed_in');
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/ and stores only the hash of the secret', async () => {
    const res = await t().inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'cookie@example.org', password: 'tulpen in de lente', displayName: 'C' },
    });
    const c = res.cookies.find((c) => c.name === 'session');
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(c?.secure).toBeFalsy();
    const [id, secret] = (c?.value ?? '').split('.');
    expect(id).toMatch(/^[a-z2-7]{32}$/);
    const row = await t()
      .database.db.selectFrom('sessions')
      .selectAll()
      .where('id', '=', id ?? '')
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secret_hash).not.toContain(secret);
    const forged = await t().inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: `session=${id}.${'a'.repeat(32)}` },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown account with the same 401', async () => {
    await t().inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'wrong@example.org', password: 'tulpen in de lente', displayName: 'W' },
    });
    const wrong = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'wrong@example.org', password: 'not the password' },
      remoteAddress: '10.9.0.1',
    });
    const unknown = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.org', password: 'not the password' },
      remoteAddress: '10.9.0.1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    const right = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'wrong@example.org', password: 'tulpen in de lente' },
      remoteAddress: '10.9.0.1',
    });
    expect(right.statusCode).toBe(200);
  });

  it('answers 429 when one e-mail address is registered too often, even from many addresses', async () => {
    const limit = t().ctx.config.rateLimits.loginPerAccountPer15Min;
    const codes: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const res = await t().inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: 'probe@example.org', password: 'tulpen in de lente', displayName: 'P' },
        remoteAddress: `10.6.0.${i + 1}`,
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(codes[0]).toBe(201);
    expect(codes.slice(1, limit).every((c) => c === 409)).toBe(true);
    expect(codes[limit]).toBe(429);
    t().clock.advance(15 * 60 * 1000);
    expect(
      (
        await t().inject({
          method: 'POST',
          url: '/api/auth/register',
          payload: { email: 'probe@example.org', password: 'tulpen in de lente', displayName: 'P' },
          remoteAddress: '10.6.1.1',
        })
      ).statusCode,
    ).toBe(409);
  });

  it('answers 429 when one address tries too many accounts', async () => {
    const limit = t().ctx.config.rateLimits.authPerIpPerMinute;
    let last = 0;
    for (let i = 0; i <= limit; i++) {
      // Invalid bodies: counted by the per-address limit before validation, never by the failed-password counters.
      const res = await t().inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: `spray${i}@example.org`, password: 'short' },
        remoteAddress: '10.7.0.1',
      });
      last = res.statusCode;
      if (i < limit) expect(res.statusCode).toBe(400);
    }
    expect(last).toBe(429);
  });

  it('renews a session at most hourly and expires it after inactivity and at its absolute age', async () => {
    const user = await t().register();
    const { session } = t().ctx.config;
    const lastVerified = async () =>
      (
        await t()
          .database.db.selectFrom('sessions')
          .select('last_verified_at')
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).last_verified_at;
    const before = await lastVerified();

    t().clock.advance(30 * 60 * 1000);
    expect((await user.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    expect(await lastVerified()).toBe(before);

    t().clock.advance(31 * 60 * 1000);
    const renewed = await user.inject({ method: 'GET', url: '/api/me' });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.cookies.find((c) => c.name === 'session')?.maxAge).toBe(session.inactivityMs / 1000);
    expect(await lastVerified()).not.toBe(before);

    // Used every 20 days it stays alive, until the absolute lifetime ends it.
    let alive = 0;
    for (let days = 0; days < session.maxAgeMs / DAY + 40; days += 20) {
      t().clock.advance(20 * DAY);
      const res = await user.inject({ method: 'GET', url: '/api/me' });
      if (res.statusCode !== 200) break;
      alive += 20;
    }
    expect(alive).toBeGreaterThan(100);
    expect(alive).toBeLessThan(session.maxAgeMs / DAY);

    const idle = await t().register();
    t().clock.advance(session.inactivityMs + 1000);
    expect((await idle.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const rows = await t().database.db.selectFrom('sessions').select('id').where('user_id', '=', idle.id).execute();
    expect(rows).toHaveLength(0);
  });

  it('issues a new session on every login (no fixation) and ends all on a password change', async () => {
    const user = await t().register({ password: 'first long password' });
    const login = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'first long password' },
    });
    const second = sessionCookieFrom(login);
    expect(second).not.toBe(user.cookie);

    const list = await user.inject({ method: 'GET', url: '/api/me/sessions' });
    expect(list.json().items).toHaveLength(2);

    const change = await user.inject({
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: 'first long password', newPassword: 'second long password' },
    });
    expect(change.statusCode).toBe(204);
    const fresh = sessionCookieFrom(change);
    expect((await user.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await t().inject({ method: 'GET', url: '/api/me', headers: { cookie: second } })).statusCode).toBe(401);
    expect((await t().inject({ method: 'GET', url: '/api/me', headers: { cookie: fresh } })).statusCode).toBe(200);
  });

  it('refuses state-changing requests without a matching Origin or Sec-Fetch-Site', async () => {
    const user = await t().register();
    const evil = await t().app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: user.cookie, origin: 'https://evil.example' },
      payload: { displayName: 'x' },
    });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('csrf_origin');
    const none = await t().app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: user.cookie },
      payload: { displayName: 'x' },
    });
    expect(none.statusCode).toBe(403);
    const crossSite = await t().app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: user.cookie, origin: ORIGIN, 'sec-fetch-site': 'cross-site' },
      payload: { displayName: 'x' },
    });
    expect(crossSite.statusCode).toBe(403);
    const sameSite = await t().app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: user.cookie, 'sec-fetch-site': 'same-origin' },
      payload: { displayName: 'Echt' },
    });
    expect(sameSite.statusCode).toBe(200);
    expect(sameSite.json().user.displayName).toBe('Echt');
  });

  it('validates bodies with the field that is wrong, and refuses fields a client may not set', async () => {
    const bad = await t().inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'not-an-email', password: 'short', displayName: '' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_input');
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['displayName', 'email', 'password']);

    const common = await t().inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'c@example.org', password: 'password1', displayName: 'C' },
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.code).toBe('password_too_common');

    const user = await t().register();
    const escalate = await user.inject({
      method: 'PATCH',
      url: '/api/me',
      payload: { isAdmin: true, vogVerified: true },
    });
    expect(escalate.statusCode).toBe(400);
    expect(escalate.json().error.fields).toEqual({ isAdmin: 'Unknown field', vogVerified: 'Unknown field' });

    const notJson = await user.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { 'content-type': 'application/json' },
      payload: '{"displayName":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('invalid_json');
  });

  it('updates the profile, with place from the postcode, and refuses an unknown postcode', async () => {
    const user = await t().register();
    const ok = await user.inject({
      method: 'PATCH',
      url: '/api/me',
      payload: { postcode: '9711 ab', languages: ['ti', 'EN'], skills: ['Tuinieren'], mayDoPaidWork: 'no' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({
      postcode: '9711AB',
      place: 'Groningen',
      languages: ['ti', 'en'],
      skills: ['tuinieren'],
      mayDoPaidWork: 'no',
    });

    const unknown = await user.inject({ method: 'PATCH', url: '/api/me', payload: { postcode: '1199' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'unknown_postcode', fields: { postcode: expect.any(String) } });

    const lookup = await t().inject({ method: 'GET', url: '/api/postcodes/1012' });
    expect(lookup.json().place).toMatchObject({ place: 'Amsterdam', province: 'Noord-Holland' });
    expect((await t().inject({ method: 'GET', url: '/api/postcodes/1199' })).statusCode).toBe(400);
  });

  it('answers health and serves OpenAPI generated from the schemas', async () => {
    const health = await t().inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ ok: true, db: t().dialect });
    const docs = await t().inject({ method: 'GET', url: '/api/docs' });
    expect(docs.json().openapi).toMatch(/^3\./);
    expect(Object.keys(docs.json().paths)).toContain('/api/auth/register');
    const missing = await t().inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });
});
