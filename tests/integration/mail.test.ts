import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, describeEachDialect, dialects, type TestApp, type TestUser } from '../helpers/app.ts';
import {
  makeApplication,
  makeEngagement,
  makeNeed,
  makeOffer,
  makeOrganization,
  makePerson,
  type Org,
} from '../helpers/factories.ts';
import { unsubscribeToken } from '../../server/modules/mail/unsubscribe-token.ts';
import { mailsIn, mailsTo, startSmtpReceiver, tokenFrom, type ReceivedMail } from '../helpers/mail.ts';

/**
 * E-mail (issue 11, item 5): mails written to MAIL_DIR as .eml files and delivered to a real SMTP
 * receiver; in the person's language with a text part; at once for what needs an answer, the rest in
 * the daily digest; per-kind preferences and an unsubscribe link that works without signing in; no
 * notification mail to an unverified address.
 */

/** The mails to `person` about notifications (not the verification mail every registration sends). */
async function notificationMails(t: TestApp, person: TestUser): Promise<ReceivedMail[]> {
  await t.ctx.events.idle();
  return (await mailsTo(t.mailDir, person.email)).filter((m) => !m.text.includes('/verify-email?token='));
}

async function setup(t: TestApp, needOverrides: Record<string, unknown> = {}) {
  const org: Org = await makeOrganization(t);
  const need = await makeNeed(org, { title: 'Help in de moestuin', ...needOverrides });
  return { org, need };
}

describeEachDialect('mail', (t) => {
  it('writes each mail as an RFC 5322 .eml file with a text part, in the person’s language', async () => {
    const res = await t().inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: {
        email: 'samira.mail@example.org',
        password: 'een lange zin als wachtwoord',
        displayName: 'Samira',
        locale: 'ar',
      },
      remoteAddress: '10.88.0.1',
    });
    expect(res.statusCode).toBe(201);
    await t().ctx.events.idle();
    const [mail] = await mailsTo(t().mailDir, 'samira.mail@example.org');
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('أكّد عنوان بريدك الإلكتروني');
    expect(mail!.text).toContain('مرحبًا Samira،');
    expect(mail!.text).toContain('ساعة'); // 24 hours, in the Arabic plural
    expect(mail!.html).toContain('dir="rtl"');
    expect(mail!.raw).toMatch(/^From: Waardewerk <noreply@localhost>$/m);
    expect(mail!.raw).toMatch(/^Message-ID: </im);
    expect(mail!.raw).toMatch(/^Date: /m);
    expect(mail!.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
  });

  it('mails what needs an answer at once: an invitation, hours to confirm, accepted, not selected', async () => {
    const { org, need } = await setup(t(), { peopleNeeded: 1 });
    const chosen = await makePerson(t(), 'Yonas');
    const other = await makePerson(t(), 'Olena');
    await makeApplication(other, need.id);
    const engagement = await makeEngagement('accepted', { needId: need.id, worker: chosen, manager: org.owner });

    const [accepted] = await notificationMails(t(), chosen);
    expect(accepted?.subject).toBe('Geaccepteerd: „Help in de moestuin”');
    expect(accepted?.text).toContain(`http://localhost:3000/engagements/${engagement.id}`);
    expect(accepted?.raw).toMatch(/^List-Unsubscribe:\s+<http:\/\/localhost:3000\/unsubscribe\?token=/m);
    const [notSelected] = await notificationMails(t(), other);
    expect(notSelected?.subject).toBe('Niet gekozen: „Help in de moestuin”');

    const hours = await chosen.inject({
      method: 'POST',
      url: `/api/engagements/${engagement.id}/hours`,
      payload: { minutes: 90, date: engagement.acceptedAt!.slice(0, 10) },
    });
    expect(hours.statusCode).toBe(200);
    const ownerMails = await notificationMails(t(), org.owner);
    expect(ownerMails.map((m) => m.subject)).toEqual(['Uren om te bevestigen: „Help in de moestuin”']);

    const invitedNeed = await makeNeed(org, { title: 'Soep koken' });
    const invitee = await makePerson(t(), 'Reza');
    const offer = await makeOffer(invitee);
    const invite = await org.owner.inject({
      method: 'POST',
      url: '/api/engagements',
      payload: { needId: invitedNeed.id, offerId: offer.id },
    });
    expect(invite.statusCode, invite.body).toBe(201);
    expect((await notificationMails(t(), invitee)).map((m) => m.subject)).toEqual([
      'Je bent uitgenodigd voor „Soep koken”',
    ]);
  });

  it('keeps the rest for the daily digest from 08:00 Amsterdam, one mail with every line, once a day', async () => {
    t().clock.set('2026-03-03T05:00:00.000Z'); // 06:00 in Amsterdam
    const { org, need } = await setup(t());
    const first = await makePerson(t(), 'Kees');
    const second = await makePerson(t(), 'Mehmet');
    await makeApplication(first, need.id);
    await makeApplication(second, need.id);
    // Applications are digest lines for the organisation's managers: nothing yet.
    expect(await notificationMails(t(), org.owner)).toEqual([]);
    expect(await t().app.jobs.runNow('mail-digest')).toBe('ran');
    expect(await notificationMails(t(), org.owner)).toEqual([]); // before 08:00: not yet

    t().clock.set('2026-03-03T07:05:00.000Z'); // 08:05 in Amsterdam
    await t().app.jobs.runNow('mail-digest');
    const digests = await notificationMails(t(), org.owner);
    expect(digests.map((m) => m.subject)).toEqual(['2 nieuwe berichten op Waardewerk']);
    expect(digests[0]!.text.match(/Iemand meldde zich aan voor „Help in de moestuin”/g)).toHaveLength(2);
    expect(digests[0]!.text).toContain('Geen mails meer over „nieuwe aanmeldingen”');

    // A later line waits for tomorrow's digest.
    await makeApplication(await makePerson(t(), 'Fatima'), need.id);
    t().clock.set('2026-03-03T15:00:00.000Z');
    await t().app.jobs.runNow('mail-digest');
    expect(await notificationMails(t(), org.owner)).toHaveLength(1);
    t().clock.set('2026-03-04T07:30:00.000Z');
    await t().app.jobs.runNow('mail-digest');
    const next = await notificationMails(t(), org.owner);
    expect(next.map((m) => m.subject)).toEqual(['2 nieuwe berichten op Waardewerk', '1 nieuw bericht op Waardewerk']);
  });

  it('stops a kind of mail through the link in it, without signing in; a forged link is refused', async () => {
    const { org, need } = await setup(t(), { peopleNeeded: 3 });
    const worker = await makePerson(t(), 'Noor');
    await makeEngagement('accepted', { needId: need.id, worker, manager: org.owner });
    const [mail] = await notificationMails(t(), worker);
    const token = tokenFrom(mail!, '/unsubscribe');

    const forged = await t().inject({
      method: 'POST',
      url: '/api/mail/unsubscribe',
      payload: { token: `${token.slice(0, -4)}AAAA` },
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('invalid_token');

    const res = await t().inject({ method: 'POST', url: '/api/mail/unsubscribe', payload: { token } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ kind: 'engagement_accepted', mode: 'off' });
    const prefs = await worker.inject({ method: 'GET', url: '/api/me/mail-preferences' });
    expect(prefs.json().items).toContainEqual({ kind: 'engagement_accepted', mode: 'off', isDefault: false });

    const second = await makeNeed(org, { title: 'Bladeren harken' });
    await makeEngagement('accepted', { needId: second.id, worker, manager: org.owner });
    expect(await notificationMails(t(), worker)).toHaveLength(1);
  });

  it('follows the person’s preference per kind: accepted in the digest instead', async () => {
    const { org, need } = await setup(t());
    const worker = await makePerson(t(), 'Sami');
    const patch = await worker.inject({
      method: 'PATCH',
      url: '/api/me/mail-preferences',
      payload: { engagement_accepted: 'digest' },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().items).toContainEqual({ kind: 'engagement_accepted', mode: 'digest', isDefault: false });
    expect(patch.json().items).toContainEqual({ kind: 'not_selected', mode: 'immediate', isDefault: true });
    await makeEngagement('accepted', { needId: need.id, worker, manager: org.owner });
    expect(await notificationMails(t(), worker)).toEqual([]);
    const queued = await t()
      .ctx.db.selectFrom('mail_outbox')
      .select(['kind', 'mode'])
      .where('user_id', '=', worker.id)
      .execute();
    expect(queued).toEqual([{ kind: 'engagement_accepted', mode: 'digest' }]);
    const bad = await worker.inject({
      method: 'PATCH',
      url: '/api/me/mail-preferences',
      payload: { engagement_accepted: 'hourly', unknown_kind: 'off' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('drops digest lines of a kind the person turned off before the digest went', async () => {
    t().clock.set('2026-03-05T05:00:00.000Z');
    const { org, need } = await setup(t());
    await makeApplication(await makePerson(t(), 'Eerste'), need.id);
    await t().ctx.events.idle(); // the outbox row follows the notification's commit
    expect(
      await t().ctx.db.selectFrom('mail_outbox').select('kind').where('user_id', '=', org.owner.id).execute(),
    ).toEqual([{ kind: 'engagement_proposed' }]);
    await org.owner.inject({
      method: 'PATCH',
      url: '/api/me/mail-preferences',
      payload: { engagement_proposed: 'off' },
    });
    t().clock.set('2026-03-05T07:10:00.000Z');
    await t().app.jobs.runNow('mail-digest');
    expect(await notificationMails(t(), org.owner)).toEqual([]);
    expect(
      await t().ctx.db.selectFrom('mail_outbox').select('kind').where('user_id', '=', org.owner.id).execute(),
    ).toEqual([]);
  });

  it('sends an unverified address no notification mail, only the verification one', async () => {
    const { org, need } = await setup(t());
    const worker = await t().register({ displayName: 'Onbevestigd', verified: false });
    await makeEngagement('accepted', { needId: need.id, worker, manager: org.owner });
    await t().ctx.events.idle();
    const mails = await mailsTo(t().mailDir, worker.email);
    expect(mails.map((m) => m.subject)).toEqual(['Bevestig je e-mailadres']);
    expect(await t().ctx.db.selectFrom('mail_outbox').select('id').where('user_id', '=', worker.id).execute()).toEqual(
      [],
    );
  });

  it('exports and erases the person’s mail preferences and waiting lines', async () => {
    const { need } = await setup(t());
    const worker = await makePerson(t(), 'Weg');
    await worker.inject({ method: 'PATCH', url: '/api/me/mail-preferences', payload: { new_match: 'off' } });
    await makeApplication(worker, need.id);
    const exported = (await worker.inject({ method: 'GET', url: '/api/me/export' })).json();
    expect(exported.mailPreferences).toEqual([expect.objectContaining({ kind: 'new_match', mode: 'off' })]);
    const erase = await worker.inject({
      method: 'DELETE',
      url: '/api/me',
      payload: { currentPassword: 'a long enough passphrase' },
    });
    expect(erase.statusCode).toBe(204);
    expect(
      await t().ctx.db.selectFrom('mail_preferences').select('kind').where('user_id', '=', worker.id).execute(),
    ).toEqual([]);
    expect(
      await t().ctx.db.selectFrom('account_tokens').select('purpose').where('user_id', '=', worker.id).execute(),
    ).toEqual([]);
    // An old mail's unsubscribe link of the erased person answers as ever, and writes nothing about them.
    const token = await unsubscribeToken(t().ctx, worker.id, 'engagement_message');
    expect((await t().inject({ method: 'POST', url: '/api/mail/unsubscribe', payload: { token } })).statusCode).toBe(
      200,
    );
    expect(
      await t().ctx.db.selectFrom('mail_preferences').select('kind').where('user_id', '=', worker.id).execute(),
    ).toEqual([]);
  });
});

describe('mail through a real SMTP server', () => {
  for (const dialect of dialects) {
    describe(dialect, () => {
      let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
      let t: TestApp;
      beforeAll(async () => {
        smtp = await startSmtpReceiver();
        t = await buildTestApp(dialect, { SMTP_URL: smtp.url });
      });
      afterAll(async () => {
        await t?.close();
        await smtp?.close();
      });

      it('delivers the verification and reset mails to the SMTP server, and nothing to MAIL_DIR', async () => {
        const person = await t.register({ displayName: 'Via SMTP' });
        await t.inject({
          method: 'POST',
          url: '/api/auth/password-reset',
          payload: { email: person.email },
          remoteAddress: '10.89.0.1',
        });
        await t.ctx.events.idle();
        const mine = smtp.received.filter((m) => m.to.includes(person.email));
        expect(mine.map((m) => m.subject)).toEqual(['Bevestig je e-mailadres', 'Een nieuw wachtwoord voor Waardewerk']);
        const token = tokenFrom(mine[1]!, '/reset-password');
        const confirm = await t.inject({
          method: 'POST',
          url: '/api/auth/password-reset/confirm',
          payload: { token, password: 'via smtp hersteld' },
          remoteAddress: '10.89.0.2',
        });
        expect(confirm.statusCode).toBe(204);
        expect(await mailsIn(t.mailDir)).toEqual([]);
      });

      it('keeps a refused mail in the outbox and sends it on a later run of the retry job', async () => {
        const org = await makeOrganization(t);
        const need = await makeNeed(org, { title: 'Fietsen repareren' });
        const worker = await makePerson(t, 'Retry');
        await t.ctx.events.idle();
        smtp.refuseNext(1);
        await makeEngagement('accepted', { needId: need.id, worker, manager: org.owner });
        await t.ctx.events.idle();
        const about = () =>
          smtp.received.filter((m) => m.to.includes(worker.email) && m.subject.includes('Fietsen repareren'));
        expect(about()).toEqual([]);
        const [row] = await t.ctx.db
          .selectFrom('mail_outbox')
          .select(['sent_at', 'attempts'])
          .where('user_id', '=', worker.id)
          .execute();
        expect(row).toEqual({ sent_at: null, attempts: 1 });

        expect(await t.app.jobs.runNow('mail-retry')).toBe('ran');
        expect(about()).toEqual([]); // not before a minute has passed
        t.clock.advance(2 * 60_000);
        await t.app.jobs.runNow('mail-retry');
        expect(about().map((m) => m.subject)).toEqual(['Geaccepteerd: „Fietsen repareren”']);
        const [sent] = await t.ctx.db
          .selectFrom('mail_outbox')
          .select(['sent_at'])
          .where('user_id', '=', worker.id)
          .execute();
        expect(sent?.sent_at).not.toBeNull();
      });

      it('gives up on a mail the server keeps refusing after 5 attempts', async () => {
        const org = await makeOrganization(t);
        const need = await makeNeed(org, { title: 'Banken verven' });
        const worker = await makePerson(t, 'Geweigerd');
        await t.ctx.events.idle();
        smtp.refuseNext(100);
        try {
          await makeEngagement('accepted', { needId: need.id, worker, manager: org.owner });
          await t.ctx.events.idle();
          for (let run = 0; run < 6; run += 1) {
            t.clock.advance(2 * 60_000);
            await t.app.jobs.runNow('mail-retry');
          }
          const rows = await t.ctx.db
            .selectFrom('mail_outbox')
            .select(['sent_at', 'attempts'])
            .where('user_id', '=', worker.id)
            .execute();
          expect(rows).toEqual([{ sent_at: null, attempts: 5 }]);
        } finally {
          smtp.refuseNext(0);
        }
      });
    });
  }
});
