import { expect, it } from 'vitest';
import { describeEachDialect, type TestApp } from '../helpers/app.ts';
import { mailsTo, tokenFrom } from '../helpers/mail.ts';

/**
 * Account recovery and verified addresses (issue 11, item 6): the reset link by mail, end to end; the
 * same answer for every address; single-use, expiring, rate-limited tokens stored hashed; a reset ends
 * every session; verification by link; an unverified address cannot found an organisation.
 */

let address = 0;
/** Each request from its own client address, so the per-address limit of the auth routes stays out of the way. */
const from = () => {
  address += 1;
  return `10.77.${Math.floor(address / 250)}.${address % 250}`;
};

async function askReset(t: TestApp, email: string) {
  const res = await t.inject({
    method: 'POST',
    url: '/api/auth/password-reset',
    payload: { email },
    remoteAddress: from(),
  });
  await t.ctx.events.idle();
  return res;
}

/** An answer without what differs between any two answers (date, request timing). */
const comparable = (res: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
  const { date: _date, ...headers } = res.headers;
  return { status: res.statusCode, body: res.body, headers };
};

describeEachDialect('account recovery and verified addresses', (t) => {
  it('resets a password through the mailed link: every session ends, the old password stops working, the link works once', async () => {
    const person = await t().register({ displayName: 'Noor', password: 'mijn oude wachtwoord' });
    const other = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.email, password: 'mijn oude wachtwoord' },
      remoteAddress: from(),
    });
    const otherCookie = `session=${other.cookies.find((c) => c.name === 'session')?.value}`;

    expect((await askReset(t(), person.email)).statusCode).toBe(202);
    const [mail] = await mailsTo(t().mailDir, person.email, '/reset-password');
    expect(mail?.subject).toBe('Een nieuw wachtwoord voor Waardewerk');
    expect(mail?.text).toContain('Hallo Noor,');
    const token = tokenFrom(mail!, '/reset-password');
    // Only a digest of the token is stored.
    const stored = await t()
      .ctx.db.selectFrom('account_tokens')
      .selectAll()
      .where('user_id', '=', person.id)
      .where('purpose', '=', 'password_reset')
      .execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const confirm = await t().inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'een gloednieuwe zin' },
      remoteAddress: from(),
    });
    expect(confirm.statusCode).toBe(204);
    for (const cookie of [person.cookie, otherCookie]) {
      expect((await t().inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    }
    expect(await t().ctx.db.selectFrom('sessions').select('id').where('user_id', '=', person.id).execute()).toEqual([]);
    const oldLogin = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.email, password: 'mijn oude wachtwoord' },
      remoteAddress: from(),
    });
    expect(oldLogin.statusCode).toBe(401);
    const newLogin = await t().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.email, password: 'een gloednieuwe zin' },
      remoteAddress: from(),
    });
    expect(newLogin.statusCode).toBe(200);

    const again = await t().inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'nog een andere zin' },
      remoteAddress: from(),
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('invalid_token');
  });

  it('answers an unknown address exactly like a known one, and mails only the known one', async () => {
    const person = await t().register();
    const known = await askReset(t(), person.email);
    const unknown = await askReset(t(), `nobody-${person.id}@example.org`);
    expect(comparable(unknown)).toEqual(comparable(known));
    expect(known.statusCode).toBe(202);
    expect(await mailsTo(t().mailDir, person.email, '/reset-password')).toHaveLength(1);
    expect(await mailsTo(t().mailDir, `nobody-${person.id}@example.org`, '/reset-password')).toHaveLength(0);
  });

  it('lets a link expire after 30 minutes, and refuses a too common new password without using the link up', async () => {
    const person = await t().register();
    await askReset(t(), person.email);
    const token = tokenFrom((await mailsTo(t().mailDir, person.email, '/reset-password'))[0]!, '/reset-password');
    const common = await t().inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'password123' },
      remoteAddress: from(),
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.code).toBe('password_too_common');
    t().clock.advance(31 * 60_000);
    const late = await t().inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'een gloednieuwe zin' },
      remoteAddress: from(),
    });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ error: { code: 'invalid_token', fields: { token: expect.any(String) } } });
  });

  it('sends at most 3 reset links an hour per account, and limits requests per typed address the same for unknown ones', async () => {
    const person = await t().register();
    for (let i = 0; i < 4; i += 1) expect((await askReset(t(), person.email)).statusCode).toBe(202);
    expect(await mailsTo(t().mailDir, person.email, '/reset-password')).toHaveLength(3);
    t().clock.advance(61 * 60_000);
    await askReset(t(), person.email);
    expect(await mailsTo(t().mailDir, person.email, '/reset-password')).toHaveLength(4);

    // The route's own window per typed address (10 in 15 minutes): known and unknown alike.
    const statuses = async (email: string) => {
      const out: number[] = [];
      for (let i = 0; i < 11; i += 1) out.push((await askReset(t(), email)).statusCode);
      return out;
    };
    const fresh = await t().register();
    const knownStatuses = await statuses(fresh.email);
    const unknownStatuses = await statuses(`nobody-else-${fresh.id}@example.org`);
    expect(unknownStatuses).toEqual(knownStatuses);
    expect(knownStatuses.at(-1)).toBe(429);
  });

  it('verifies an address through the mailed link, once, and a password reset verifies it too', async () => {
    const person = await t().register({ displayName: 'Sami', verified: false });
    expect((await person.inject({ method: 'GET', url: '/api/me' })).json().user.emailVerified).toBe(false);
    await t().ctx.events.idle();
    const [mail] = await mailsTo(t().mailDir, person.email, '/verify-email');
    expect(mail?.subject).toBe('Bevestig je e-mailadres');
    const token = tokenFrom(mail!, '/verify-email');
    // No session needed: the link may be opened in another browser.
    expect(
      (
        await t().inject({
          method: 'POST',
          url: '/api/auth/verify-email/confirm',
          payload: { token },
          remoteAddress: from(),
        })
      ).statusCode,
    ).toBe(204);
    expect((await person.inject({ method: 'GET', url: '/api/me' })).json().user.emailVerified).toBe(true);
    const again = await t().inject({
      method: 'POST',
      url: '/api/auth/verify-email/confirm',
      payload: { token },
      remoteAddress: from(),
    });
    expect(again.json().error.code).toBe('invalid_token');
    expect(
      (await person.inject({ method: 'POST', url: '/api/me/email-verification', remoteAddress: from() })).statusCode,
    ).toBe(409);

    const unverified = await t().register({ verified: false });
    await askReset(t(), unverified.email);
    const resetMail = (await mailsTo(t().mailDir, unverified.email)).find((m) => m.text.includes('/reset-password'));
    const reset = await t().inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token: tokenFrom(resetMail!, '/reset-password'), password: 'een gloednieuwe zin' },
      remoteAddress: from(),
    });
    expect(reset.statusCode).toBe(204);
    const row = await t()
      .ctx.db.selectFrom('users')
      .select('email_verified_at')
      .where('id', '=', unverified.id)
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
  });

  it('expires a verification link after 24 hours; a new one can be asked for, 5 an hour at most', async () => {
    const person = await t().register({ verified: false });
    await t().ctx.events.idle();
    const first = tokenFrom((await mailsTo(t().mailDir, person.email, '/verify-email'))[0]!, '/verify-email');
    t().clock.advance(24 * 60 * 60_000 + 1);
    expect(
      (
        await t().inject({
          method: 'POST',
          url: '/api/auth/verify-email/confirm',
          payload: { token: first },
          remoteAddress: from(),
        })
      ).json().error.code,
    ).toBe('invalid_token');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push(
        (await person.inject({ method: 'POST', url: '/api/me/email-verification', remoteAddress: from() })).statusCode,
      );
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    await t().ctx.events.idle();
    const mails = await mailsTo(t().mailDir, person.email, '/verify-email');
    expect(mails).toHaveLength(6);
    expect(
      (
        await t().inject({
          method: 'POST',
          url: '/api/auth/verify-email/confirm',
          payload: { token: tokenFrom(mails.at(-1)!, '/verify-email') },
          remoteAddress: from(),
        })
      ).statusCode,
    ).toBe(204);
  });

  it('refuses a link whose account has another address by now, and tokens that are not tokens', async () => {
    const person = await t().register({ verified: false });
    await t().ctx.events.idle();
    const token = tokenFrom((await mailsTo(t().mailDir, person.email, '/verify-email'))[0]!, '/verify-email');
    await t()
      .ctx.db.updateTable('users')
      .set({ email: `changed-${person.id}@example.org` })
      .where('id', '=', person.id)
      .execute();
    expect(
      (
        await t().inject({
          method: 'POST',
          url: '/api/auth/verify-email/confirm',
          payload: { token },
          remoteAddress: from(),
        })
      ).json().error.code,
    ).toBe('invalid_token');
    const malformed = await t().inject({
      method: 'POST',
      url: '/api/auth/verify-email/confirm',
      payload: { token: 'not-a-token' },
      remoteAddress: from(),
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.fields).toHaveProperty('token');
  });

  it('lets only a verified address found an organisation', async () => {
    const person = await t().register({ verified: false });
    const body = {
      name: 'Repair Café Oost',
      type: 'initiative',
      description: 'Samen repareren.',
      postcode: '3511AB',
      domains: ['greening'],
    };
    const refused = await person.inject({ method: 'POST', url: '/api/organizations', payload: body });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('email_unverified');
    expect(
      await t().ctx.db.selectFrom('organizations').select('id').where('created_by', '=', person.id).execute(),
    ).toEqual([]);
    await t().ctx.events.idle();
    const token = tokenFrom((await mailsTo(t().mailDir, person.email, '/verify-email'))[0]!, '/verify-email');
    expect(
      (
        await t().inject({
          method: 'POST',
          url: '/api/auth/verify-email/confirm',
          payload: { token },
          remoteAddress: from(),
        })
      ).statusCode,
    ).toBe(204);
    expect((await person.inject({ method: 'POST', url: '/api/organizations', payload: body })).statusCode).toBe(201);
  });
});
