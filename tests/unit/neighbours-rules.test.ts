import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asksForEuros,
  helpConfirmationLines,
  spendable,
  sponsorshipFits,
} from '../../server/modules/neighbours/rules.ts';

describe('neighbour help: money in the text', () => {
  it.each([
    ['Kast dragen, ik geef €20', true],
    ['Kast dragen, ik geef € 20', true],
    ['Ik betaal 15 euro per uur', true],
    ['20 EUR voor de moeite', true],
    ['Betaald werk: schilderen', true],
    ['Contant na afloop', true],
    ['A lift, paid in cash', true],
    ['Kast naar boven dragen, duurt twee uur', false],
    ['Taalmaatje voor Nederlands oefenen', false],
    ['Europa-puzzel samen maken', false],
  ])('%s → %s', (text, expected) => {
    expect(asksForEuros(text)).toBe(expected);
  });
});

describe('neighbour help: confirmation lines', () => {
  const base = { engagementId: 'e1', requesterId: 'anna', helperId: 'bram' };
  it('posts part of the reservation when fewer minutes were given', () => {
    expect(
      helpConfirmationLines({ ...base, reservedMinutes: 90, minutes: 60 }).map((l) => [
        l.type,
        'amount' in l ? l.amount : null,
      ]),
    ).toEqual([
      ['posted', 60],
      ['post', 60],
    ]);
  });
  it('adds the excess as a new TIME transfer', () => {
    const lines = helpConfirmationLines({ ...base, reservedMinutes: 90, minutes: 120 });
    expect(lines.map((l) => l.id)).toEqual(['help.e1.work', 'help.e1.time-post', 'help.e1.time-extra']);
    expect(lines[2]).toMatchObject({
      type: 'posted',
      unit: 'TIME',
      amount: 30,
      from: { id: 'anna' },
      to: { id: 'bram' },
    });
  });
  it('refuses zero minutes', () => {
    expect(() => helpConfirmationLines({ ...base, reservedMinutes: 90, minutes: 0 })).toThrow(RangeError);
  });
  it('TIME posted always equals the confirmed minutes, and never more than reserved comes from the reservation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (reserved, minutes) => {
        const lines = helpConfirmationLines({ ...base, reservedMinutes: reserved, minutes });
        const time = lines.reduce(
          (sum, l) => sum + (l.type === 'post' || (l.type === 'posted' && l.unit === 'TIME') ? l.amount : 0),
          0,
        );
        const fromReservation = lines.reduce((sum, l) => sum + (l.type === 'post' ? l.amount : 0), 0);
        return time === minutes && fromReservation <= reserved;
      }),
    );
  });
});

describe('sponsorship: from what is held, never from the floor', () => {
  it('counts pending debits as spent', () => {
    expect(spendable({ creditsPosted: 300, debitsPosted: 0, debitsPending: 60 })).toBe(240);
    expect(sponsorshipFits({ creditsPosted: 300, debitsPosted: 0, debitsPending: 60 }, 240)).toBe(true);
    expect(sponsorshipFits({ creditsPosted: 300, debitsPosted: 0, debitsPending: 60 }, 241)).toBe(false);
    expect(sponsorshipFits(undefined, 1)).toBe(false);
  });
  it('any run of accepted sponsorships never takes the balance below zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: -5, max: 3000 }), { maxLength: 30 }),
        (held, asks) => {
          const account = { creditsPosted: held, debitsPosted: 0, debitsPending: 0 };
          for (const minutes of asks) if (sponsorshipFits(account, minutes)) account.debitsPosted += minutes;
          return spendable(account) >= 0 && account.debitsPosted <= held;
        },
      ),
    );
  });
});
