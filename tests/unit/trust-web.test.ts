import { describe, expect, it } from 'vitest';
import { verifyOrganizationBody } from '../../shared/schemas/trust.ts';
import { fieldErrorsFromZod } from '../../web/src/lib/forms/validation.ts';
import {
  auditActor,
  initialVerifyValues,
  methodsFor,
  verifyBodyFrom,
  certificateShown,
} from '../../web/src/lib/trust/verification.ts';

describe('verification form helpers (web)', () => {
  it('offers KvK for initiatives and businesses, OIN or a note for public bodies', () => {
    expect(methodsFor('initiative')).toEqual(['kvk']);
    expect(methodsFor('business')).toEqual(['kvk']);
    expect(methodsFor('public')).toEqual(['oin', 'note']);
  });

  it('starts from the organisation’s own KvK number, and from the OIN for public bodies', () => {
    expect(initialVerifyValues('business', '12345678')).toEqual({
      method: 'kvk',
      reference: '12345678',
      note: '',
      area: 'municipality',
    });
    expect(initialVerifyValues('initiative', null).reference).toBe('');
    expect(initialVerifyValues('public', '12345678')).toMatchObject({ method: 'oin', reference: '' });
  });

  it('builds a body the shared schema accepts: spaces and dots out of numbers, no number for a note, an area only for public bodies', () => {
    const kvk = verifyBodyFrom('initiative', {
      method: 'kvk',
      reference: '1234 56.78',
      note: 'Handelsregister gecontroleerd',
      area: 'province',
    });
    expect(kvk).toEqual({ method: 'kvk', reference: '12345678', note: 'Handelsregister gecontroleerd' });
    expect(verifyOrganizationBody.safeParse(kvk).success).toBe(true);

    const note = verifyBodyFrom('public', {
      method: 'note',
      reference: '999',
      note: 'Gebeld met de griffie',
      area: 'province',
    });
    expect(note).toEqual({ method: 'note', note: 'Gebeld met de griffie', area: 'province' });
    expect(verifyOrganizationBody.safeParse(note).success).toBe(true);
  });

  it('explains a wrong KvK number or OIN and a missing reason in the person’s language (catalogue keys)', () => {
    const kvk = verifyOrganizationBody.safeParse(
      verifyBodyFrom('business', { method: 'kvk', reference: '1234', note: 'ok', area: 'municipality' }),
    );
    expect(kvk.success).toBe(false);
    if (!kvk.success)
      expect(fieldErrorsFromZod(kvk.error)).toEqual({
        reference: { key: 'trust.rules.kvk' },
        note: { key: 'validation.tooShort', params: { min: 5 } },
      });
    const oin = verifyOrganizationBody.safeParse(
      verifyBodyFrom('public', {
        method: 'oin',
        reference: '1234567890',
        note: 'Register van Logius',
        area: 'municipality',
      }),
    );
    expect(oin.success).toBe(false);
    if (!oin.success) expect(fieldErrorsFromZod(oin.error)).toEqual({ reference: { key: 'trust.rules.oin' } });
  });
});

describe('audit log actor (web)', () => {
  it('names the reader as "you", admin acts as the platform’s, and others by a short id', () => {
    expect(auditActor({ actorId: 'me', action: 'vog.record' }, 'me')).toEqual({ key: 'trust.audit.actor.you' });
    expect(auditActor({ actorId: 'admin-1', action: 'organization.verify' }, 'me')).toEqual({
      key: 'trust.audit.actor.admin',
    });
    expect(auditActor({ actorId: 'moderator', action: 'moderation.hide' }, undefined)).toEqual({
      key: 'trust.audit.actor.admin',
    });
    expect(auditActor({ actorId: '0123456789abcdef', action: 'vog.record' }, 'me')).toEqual({
      key: 'trust.audit.actor.person',
      params: { id: '01234567' },
    });
  });
});

describe('audit log reasons (web)', () => {
  it('takes a VOG record’s certificate date from its details, so the reason is said in the reader’s language', () => {
    expect(certificateShown({ action: 'vog.record', details: { checkedOn: '2026-11-06' } })).toEqual({
      kind: 'vog',
      date: '2026-11-06',
    });
    expect(certificateShown({ action: 'uwv.record', details: { checkedOn: '2026-10-01' } })).toEqual({
      kind: 'uwv',
      date: '2026-10-01',
    });
    expect(certificateShown({ action: 'vog.record', details: {} })).toBeNull();
    expect(certificateShown({ action: 'organization.verify', details: { checkedOn: '2026-11-06' } })).toBeNull();
  });
});
