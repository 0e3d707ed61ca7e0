import { describe, expect, it } from 'vitest';
import { engagementStatuses } from '../../shared/engagement-vocabulary.ts';
import { ApiError } from '../../web/src/lib/api/client.ts';
import {
  actionRefusalKey,
  applyRefusalKey,
  dutchToday,
  groupOf,
  lineKey,
  statusGroups,
  systemMessageKey,
} from '../../web/src/lib/i18n/engagement-words.ts';
import { TransferOutbox } from '../../web/src/lib/wallet/transfer-outbox.ts';
import { formatDuration, formatEuro, formatSigned, splitMinutes, toMinutes } from '../../web/src/lib/format/units.ts';
import nl from '../../web/src/locales/nl/engagements.json' with { type: 'json' };

describe('minutes and money in words', () => {
  it('shows minutes as hours and minutes with each language’s plurals', () => {
    expect(splitMinutes(150)).toEqual({ hours: 2, minutes: 30 });
    expect(formatDuration(120, 'nl')).toBe('2 uur');
    expect(formatDuration(90, 'nl')).toBe('1 uur en 30 minuten');
    expect(formatDuration(1, 'nl')).toBe('1 minuut');
    expect(formatDuration(0, 'nl')).toBe('0 minuten');
    expect(formatDuration(-600, 'nl')).toBe('−10 uur');
    expect(formatDuration(150, 'en')).toBe('2 hours and 30 minutes');
    expect(formatDuration(120, 'ar-u-nu-latn')).toBe('ساعتان');
  });
  it('writes euros the Dutch way in Dutch, and signs history amounts', () => {
    expect(formatEuro(123_450, 'nl')).toBe('€\u00a01.234,50');
    expect(formatEuro(560, 'en')).toBe('€5.60');
    expect(formatSigned('TIME', 120, 'nl')).toBe('+2 uur');
    expect(formatSigned('EUR', -500, 'nl')).toBe('−€\u00a05,00');
  });
  it('reads hours and minutes as typed; an empty field is 0 and nonsense is NaN', () => {
    expect(toMinutes('2', '')).toBe(120);
    expect(toMinutes(' 1 ', '30')).toBe(90);
    expect(toMinutes('', '')).toBe(0);
    expect(toMinutes('1,5', '')).toBeNaN();
    expect(toMinutes('2', '-5')).toBeNaN();
  });
});

describe('engagement words', () => {
  it('puts every status in exactly one group', () => {
    const grouped = Object.values(statusGroups).flat();
    expect([...grouped].sort()).toEqual([...engagementStatuses].sort());
    expect(groupOf('hours_logged')).toBe('active');
    expect(groupOf('not_selected')).toBe('ended');
  });

  it('explains each refusal of an application in its own words', () => {
    const err = (
      code: ConstructorParameters<typeof ApiError>[1],
      fields: Record<string, string> = {},
      details: Record<string, unknown> = {},
    ) => new ApiError(422, code, 'x', fields, details);
    expect(applyRefusalKey(err('rule_refused', { needId: 'Paid work' }, { mayDoPaidWork: 'no' }))).toBe(
      'engagements.apply.refused.paidWork',
    );
    expect(applyRefusalKey(err('rule_refused', { needId: 'Not open' }, { status: 'filled' }))).toBe(
      'engagements.apply.refused.notOpen',
    );
    expect(applyRefusalKey(err('rule_refused', { needId: 'Your own organisation' }))).toBe(
      'engagements.apply.refused.ownOrganization',
    );
    expect(applyRefusalKey(err('conflict'))).toBe('engagements.apply.refused.already');
    expect(applyRefusalKey(err('too_many_requests'))).toBe('errors.too_many_requests');
    expect(actionRefusalKey(err('rule_refused', {}, { requirement: 'vog' }))).toBe('engagements.refused.vog');
    expect(actionRefusalKey(err('invalid_transition'))).toBe('engagements.refused.changed');
  });

  it('has a Dutch text for every ledger line, end reason, system event and status it names', () => {
    const has = (key: string) =>
      key
        .replace(/^engagements\./, '')
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], nl) !== undefined;
    const lines = [
      { type: 'posted', unit: 'WORK', kind: 'work' },
      { type: 'post', unit: 'TIME', kind: 'engagement' },
      { type: 'pending', unit: 'TIME', kind: 'engagement' },
      { type: 'void', unit: 'TIME', kind: 'engagement' },
      { type: 'posted', unit: 'EUR', kind: 'allowance' },
      { type: 'posted', unit: 'EUR', kind: 'taxable_allowance' },
      { type: 'posted', unit: 'EUR', kind: 'wage' },
      { type: 'posted', unit: 'INKIND', kind: 'materials' },
    ] as const;
    for (const l of lines) expect(has(lineKey(l)), lineKey(l)).toBe(true);
    for (const reason of ['need_filled', 'declined', 'cancelled_by_worker', 'cancelled_by_organization']) {
      expect(has(systemMessageKey(`engagement.ended.${reason}`))).toBe(true);
    }
    for (const event of ['applied', 'invited', 'accepted', 'hours_logged', 'delivered', 'disputed', 'confirmed'])
      expect(has(systemMessageKey(`engagement.event.${event}`)), event).toBe(true);
    for (const status of engagementStatuses) expect(has(`engagements.status.${status}`), status).toBe(true);
  });

  it('takes the day in the Netherlands, not in UTC', () => {
    expect(dutchToday(new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-27');
  });
});

describe('the transfer outbox', () => {
  function memoryStorage() {
    const data = new Map<string, string>();
    return {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    };
  }
  const draft = { toUserId: 'u-bert', unit: 'TIME' as const, amount: 90, memo: 'fietsles' };
  let n = 0;
  const newId = () => `00000000-0000-4000-8000-00000000000${++n}`;

  it('keeps the id of an unanswered transfer, so trying again sends the same id', () => {
    const storage = memoryStorage();
    const first = new TransferOutbox(storage).prepare(draft, 'Bert', newId, new Date());
    // A reload: a new outbox over the same storage, the same transfer tried again.
    const again = new TransferOutbox(storage).prepare(draft, 'Bert', newId, new Date());
    expect(again.body.id).toBe(first.body.id);
    expect(new TransferOutbox(storage).read()?.body).toEqual(first.body);
  });

  it('makes a new id for another transfer, and forgets the kept one once answered', () => {
    const storage = memoryStorage();
    const outbox = new TransferOutbox(storage);
    const first = outbox.prepare(draft, 'Bert', newId, new Date());
    const other = outbox.prepare({ ...draft, amount: 60 }, 'Bert', newId, new Date());
    expect(other.body.id).not.toBe(first.body.id);
    outbox.clear();
    expect(outbox.read()).toBeNull();
    expect(outbox.prepare(draft, 'Bert', newId, new Date()).body.id).not.toBe(first.body.id);
  });

  it('ignores damaged storage and works without any', () => {
    const storage = memoryStorage();
    storage.setItem('waardewerk.transferOutbox', '{"body":{"id":"not-a-uuid"}}');
    expect(new TransferOutbox(storage).read()).toBeNull();
    expect(new TransferOutbox(null).prepare(draft, 'Bert', newId, new Date()).body.amount).toBe(90);
  });
});
