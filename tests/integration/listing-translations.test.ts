import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/app.ts';
import { addMember, expectStatus, makeNeed, makeOffer, makeOrganization, makePerson } from '../helpers/factories.ts';

interface Texts {
  originalLanguage: string | null;
  translations: {
    language: string;
    title: string;
    description: string;
    translatedBy: { id: string; displayName: string } | null;
  }[];
  mayTranslate: 'any' | string[];
}

describeEachDialect('listing translations', (t) => {
  it('lets the author translate a need, records who translated and the original language, and shows it to everyone', async () => {
    const org = await makeOrganization(t());
    const need = await makeNeed(org, {
      title: 'Hulp bij de moestuin',
      description: 'Wij zoeken handen voor het wieden.',
    });
    const url = `/api/needs/${need.id}/translations`;
    const saved = await org.owner.inject({
      method: 'PUT',
      url: `${url}/ar`,
      payload: {
        title: 'مساعدة في حديقة الخضروات',
        description: 'نبحث عن أيادٍ لإزالة الأعشاب.',
        originalLanguage: 'nl',
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().translation).toMatchObject({
      language: 'ar',
      title: 'مساعدة في حديقة الخضروات',
      translatedBy: { id: org.owner.id },
    });

    const read = expectStatus<Texts>(await t().inject({ method: 'GET', url }), 200, 'read as visitor');
    expect(read).toMatchObject({
      originalLanguage: 'nl',
      mayTranslate: [],
      translations: [{ language: 'ar', translatedBy: { id: org.owner.id } }],
    });

    // Changing it keeps one translation per language; the original's language cannot be translated into.
    await expectStatus(
      await org.owner.inject({ method: 'PUT', url: `${url}/ar`, payload: { title: 'مساعدة في الحديقة' } }),
      200,
      'update',
    );
    expect(
      expectStatus<Texts>(await t().inject({ method: 'GET', url }), 200, 'read').translations.map((x) => x.title),
    ).toEqual(['مساعدة في الحديقة']);
    const same = await org.owner.inject({ method: 'PUT', url: `${url}/nl`, payload: { title: 'Nog een keer' } });
    expect(same.statusCode).toBe(400);
    expect(same.json().error).toMatchObject({ code: 'invalid_input', fields: { language: expect.any(String) } });
  });

  it('lets a member who speaks the language translate, but not into another language; strangers not at all', async () => {
    const org = await makeOrganization(t());
    const need = await makeNeed(org);
    const member = await makePerson(t(), 'Yonas', { languages: ['ti', 'nl'] });
    await addMember(org, member, 'member');
    const stranger = await makePerson(t(), 'Vreemde', { languages: ['ti'] });
    const url = `/api/needs/${need.id}/translations`;

    expect(expectStatus<Texts>(await member.inject({ method: 'GET', url }), 200, 'read').mayTranslate).toEqual([
      'ti',
      'nl',
    ]);
    expect(
      (await member.inject({ method: 'PUT', url: `${url}/ti`, payload: { title: 'ሓገዝ ኣብ ጀርዲን', description: '' } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await member.inject({ method: 'PUT', url: `${url}/fa`, payload: { title: 'کمک در باغ' } })).statusCode,
    ).toBe(403);
    expect((await stranger.inject({ method: 'PUT', url: `${url}/ti`, payload: { title: 'ሓገዝ' } })).statusCode).toBe(
      403,
    );
    expect((await stranger.inject({ method: 'DELETE', url: `${url}/ti` })).statusCode).toBe(403);
    expect((await t().inject({ method: 'PUT', url: `${url}/ti`, payload: { title: 'ሓገዝ' } })).statusCode).toBe(401);
    const texts = expectStatus<Texts>(await t().inject({ method: 'GET', url }), 200, 'read');
    expect(texts.translations).toMatchObject([
      { language: 'ti', translatedBy: { id: member.id, displayName: 'Yonas' } },
    ]);

    expect((await org.owner.inject({ method: 'DELETE', url: `${url}/ti` })).statusCode).toBe(204);
    expect(expectStatus<Texts>(await t().inject({ method: 'GET', url }), 200, 'read').translations).toEqual([]);
    expect((await org.owner.inject({ method: 'DELETE', url: `${url}/ti` })).statusCode).toBe(404);
  });

  it("translates a person's own offer (only that person), answers 404 for an unknown listing, and forgets an erased translator", async () => {
    const owner = await makePerson(t(), 'Oksana');
    const offer = await makeOffer(owner);
    const other = await makePerson(t(), 'Ander', { languages: ['uk'] });
    const url = `/api/offers/${offer.id}/translations`;
    expect(
      (await other.inject({ method: 'PUT', url: `${url}/uk`, payload: { title: 'Допомога з садом' } })).statusCode,
    ).toBe(403);
    await expectStatus(
      await owner.inject({
        method: 'PUT',
        url: `${url}/uk`,
        payload: { title: 'Допомога з садом', originalLanguage: 'nl' },
      }),
      200,
      'translate',
    );
    expect((await t().inject({ method: 'GET', url: '/api/offers/nope/translations' })).statusCode).toBe(404);

    const org = await makeOrganization(t());
    const need = await makeNeed(org);
    const translator = await makePerson(t(), 'Tijdelijk', { languages: ['tr'] });
    await addMember(org, translator, 'member');
    await expectStatus(
      await translator.inject({
        method: 'PUT',
        url: `/api/needs/${need.id}/translations/tr`,
        payload: { title: 'Bahçe yardımı' },
      }),
      200,
      'translate',
    );
    expect(
      (
        await translator.inject({
          method: 'DELETE',
          url: '/api/me',
          payload: { currentPassword: 'a long enough passphrase' },
        })
      ).statusCode,
    ).toBe(204);
    const texts = expectStatus<Texts>(
      await t().inject({ method: 'GET', url: `/api/needs/${need.id}/translations` }),
      200,
      'read',
    );
    expect(texts.translations).toMatchObject([{ language: 'tr', title: 'Bahçe yardımı', translatedBy: null }]);
  });
});
