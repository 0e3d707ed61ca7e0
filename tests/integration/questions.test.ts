import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/app.ts';
import { addMember, makeNeed, makeOffer, makeOrganization, makePerson } from '../helpers/factories.ts';

/**
 * Asking first (issue 10, item 3), on both databases: a question thread between a person and the
 * side of a need or an offer, private to those two, limited in length and rate, and the start of
 * the engagement's conversation when one follows.
 */
describeEachDialect('questions', (t) => {
  it('lets anyone ask about a need before applying; only the two parties read and answer; it becomes the engagement conversation', async () => {
    const coordinator = await makePerson(t(), 'Coordinator Q');
    const org = await makeOrganization(t(), { name: 'Wijktuin Q', postcode: '3511AB' }, coordinator);
    const member = await makePerson(t(), 'Plain member Q');
    await addMember({ id: org.id, owner: coordinator }, member, 'member');
    const needId = (await makeNeed({ id: org.id, owner: coordinator }, { title: 'Snoeien in de wijktuin' })).id;
    const fatima = await makePerson(t(), 'Fatima Q');
    const stranger = await makePerson(t(), 'Stranger Q');

    const asked = await fatima.inject({
      method: 'POST',
      url: '/api/questions',
      payload: { needId, text: 'Moet ik zelf een snoeischaar meenemen?' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const { thread, messages } = asked.json();
    expect(thread).toMatchObject({
      subject: { type: 'need', id: needId, title: 'Snoeien in de wijktuin' },
      asker: { userId: fatima.id, displayName: 'Fatima Q' },
      answeredBy: { name: 'Wijktuin Q' },
      viewerSide: 'asker',
      engagementId: null,
    });
    expect(messages).toHaveLength(1);

    // A second question joins the same thread.
    const again = await fatima.inject({
      method: 'POST',
      url: '/api/questions',
      payload: { needId, text: 'En hoe laat beginnen jullie?' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().thread.id).toBe(thread.id);

    // The coordinator answers; plain members, strangers and admins-to-be see nothing (404: not even that it exists).
    const read = await coordinator.inject({ method: 'GET', url: `/api/questions/${thread.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().thread.viewerSide).toBe('answerer');
    expect(read.json().messages.map((m: { text: string; mine: boolean }) => [m.text, m.mine])).toEqual([
      ['Moet ik zelf een snoeischaar meenemen?', false],
      ['En hoe laat beginnen jullie?', false],
    ]);
    const answer = await coordinator.inject({
      method: 'POST',
      url: `/api/questions/${thread.id}/messages`,
      payload: { text: 'Wij hebben scharen. We beginnen om 10 uur.' },
    });
    expect(answer.statusCode, answer.body).toBe(201);
    for (const who of [member, stranger]) {
      expect((await who.inject({ method: 'GET', url: `/api/questions/${thread.id}` })).statusCode).toBe(404);
      expect(
        (
          await who.inject({
            method: 'POST',
            url: `/api/questions/${thread.id}/messages`,
            payload: { text: 'Ik lees mee' },
          })
        ).statusCode,
      ).toBe(404);
      expect((await who.inject({ method: 'GET', url: '/api/questions' })).json().items).toEqual([]);
    }
    expect(
      (await fatima.inject({ method: 'GET', url: '/api/questions' })).json().items.map((i: { id: string }) => i.id),
    ).toEqual([thread.id]);
    expect(
      (await coordinator.inject({ method: 'GET', url: '/api/questions' }))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).toEqual([thread.id]);
    // The people who answer for the need do not ask about it.
    expect(
      (await coordinator.inject({ method: 'POST', url: '/api/questions', payload: { needId, text: 'Eigen vraag' } }))
        .statusCode,
    ).toBe(422);

    // Fatima applies: the questions and answers open the engagement's conversation.
    const applied = await fatima.inject({
      method: 'POST',
      url: '/api/engagements',
      payload: { needId, message: 'Ik kom graag helpen.' },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const engagementId = applied.json().engagement.id;
    await t().ctx.events.idle();
    expect(
      (await fatima.inject({ method: 'GET', url: `/api/questions/${thread.id}` })).json().thread.engagementId,
    ).toBe(engagementId);
    const conversation = (
      await coordinator.inject({ method: 'GET', url: `/api/engagements/${engagementId}/messages?limit=50` })
    ).json().items as { type: string; text: string }[];
    const texts = conversation.filter((m) => m.type === 'person').map((m) => m.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Moet ik zelf een snoeischaar meenemen?',
        'En hoe laat beginnen jullie?',
        'Wij hebben scharen. We beginnen om 10 uur.',
        'Ik kom graag helpen.',
      ]),
    );
  });

  it("asks a person's offer; its owner answers; limits length and rate", async () => {
    const owner = await makePerson(t(), 'Offer owner Q');
    const offerId = (await makeOffer(owner, { title: 'Ik repareer fietsen' })).id;
    const coordinator = await makePerson(t(), 'Coordinator asking Q');
    const asked = await coordinator.inject({
      method: 'POST',
      url: '/api/questions',
      payload: { offerId, text: 'Kun je ook op zaterdag?' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const threadId = asked.json().thread.id;
    expect(asked.json().thread.answeredBy).toEqual({ name: 'Offer owner Q' });
    expect(
      (
        await owner.inject({
          method: 'POST',
          url: `/api/questions/${threadId}/messages`,
          payload: { text: 'Ja, zaterdag kan.' },
        })
      ).statusCode,
    ).toBe(201);

    const tooLong = await coordinator.inject({
      method: 'POST',
      url: `/api/questions/${threadId}/messages`,
      payload: { text: 'x'.repeat(2001) },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.fields).toHaveProperty('text');
    const both = await coordinator.inject({
      method: 'POST',
      url: '/api/questions',
      payload: { offerId, needId: offerId, text: 'Twee tegelijk' },
    });
    expect(both.statusCode).toBe(400);
    expect(
      (
        await coordinator.inject({
          method: 'POST',
          url: '/api/questions',
          payload: { offerId: 'nope', text: 'Bestaat niet' },
        })
      ).statusCode,
    ).toBe(404);

    // 30 messages an hour per person; the hour after, again.
    for (let i = 0; i < 29; i++)
      expect(
        (
          await coordinator.inject({
            method: 'POST',
            url: `/api/questions/${threadId}/messages`,
            payload: { text: `Vraag ${i}` },
          })
        ).statusCode,
      ).toBe(201);
    const limited = await coordinator.inject({
      method: 'POST',
      url: `/api/questions/${threadId}/messages`,
      payload: { text: 'Nog één' },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'too_many_requests', details: { limit: 30 } });
    t().clock.advance(61 * 60_000);
    expect(
      (
        await coordinator.inject({
          method: 'POST',
          url: `/api/questions/${threadId}/messages`,
          payload: { text: 'Nu weer' },
        })
      ).statusCode,
    ).toBe(201);
  });
});
