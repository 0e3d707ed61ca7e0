import { describe, expect, it } from 'vitest';
import { isolateLtr, isRtl, runPieces, visualRuns } from '../../server/modules/recognition/bidi-text.ts';
import { certificateContent, hoursText } from '../../server/modules/recognition/certificate-content.ts';

describe('right-to-left lines for the certificate', () => {
  it('orders Arabic, Latin names and numbers visually, each run in one font', () => {
    const runs = visualRuns('تشهد Waardewerk بأن أمل', 'rtl');
    expect(runs.map((r) => [r.text, r.level, r.script])).toEqual([
      [' بأن أمل', 1, 'arabic'],
      ['Waardewerk', 2, 'latin'],
      ['تشهد ', 1, 'arabic'],
    ]);
    // The words of a right-to-left run are drawn right to left.
    expect(runPieces(runs[0]!).map((p) => p.text)).toEqual(['أمل', ' ', 'بأن', ' ']);
    expect(visualRuns('Hours 2:30', 'ltr')).toEqual([{ text: 'Hours 2:30', level: 0, script: 'latin' }]);
  });

  it('keeps an isolated date in its own order inside Arabic, and mirrors brackets', () => {
    const runs = visualRuns(`حتى ${isolateLtr('2026-03-02')}`, 'rtl');
    expect(
      runs
        .flatMap(runPieces)
        .map((p) => p.text)
        .join(''),
    ).toBe('2026-03-02 حتى');
    // Logical "(" comes first and is drawn rightmost, mirrored to ")": left to right the page reads "(نعم)".
    const bracketed = visualRuns('(نعم)', 'rtl');
    expect(bracketed.map((r) => r.text)).toEqual(['(', 'نعم', ')']);
    expect(bracketed.map((r) => r.level)).toEqual([1, 1, 1]);
    expect(visualRuns('نعم (', 'rtl').map((r) => r.text)).toEqual([')', 'نعم ']);
  });

  it('tells right-to-left text by its first strong character', () => {
    expect(isRtl('مرحبا Anna')).toBe(true);
    expect(isRtl('123 Anna مرحبا')).toBe(false);
    expect(isRtl('')).toBe(false);
  });
});

describe('certificate content', () => {
  const base = {
    transferId: 't',
    engagementId: 'e',
    domains: ['greening'],
    organizationId: 'o1',
    organizationName: 'Buurttuin',
    needKind: 'hands',
    paid: false,
  };
  it('adds up paid and unpaid per organisation, domain and month, inside the period only', () => {
    const c = certificateContent({
      code: 'WW-A',
      holderName: 'Sara',
      locale: 'nl',
      from: '2026-01-01',
      to: '2026-02-28',
      issuedAt: '2026-03-01T00:00:00.000Z',
      entries: [
        { ...base, transferId: 't1', minutes: 90, day: '2026-01-10' },
        {
          ...base,
          transferId: 't2',
          minutes: 60,
          day: '2026-02-10',
          paid: true,
          organizationId: 'o2',
          organizationName: 'Voedselbank',
          domains: ['food', 'greening'],
        },
        { ...base, transferId: 't3', minutes: 45, day: '2025-12-31' },
        { ...base, transferId: 't4', minutes: 45, day: '2026-03-01' },
      ],
      skills: ['plannen', 'tuinieren', 'plannen'],
      references: [],
    });
    expect(c).toMatchObject({
      totalMinutes: 150,
      paidMinutes: 60,
      unpaidMinutes: 90,
      skills: ['plannen', 'tuinieren'],
      evidence: ['t1', 't2'],
    });
    expect(c.byOrganization).toEqual([
      { key: 'o1', label: 'Buurttuin', paidMinutes: 0, unpaidMinutes: 90 },
      { key: 'o2', label: 'Voedselbank', paidMinutes: 60, unpaidMinutes: 0 },
    ]);
    expect(c.byDomain.map((r) => [r.key, r.paidMinutes + r.unpaidMinutes])).toEqual([
      ['greening', 150],
      ['food', 60],
    ]);
    expect(c.byPeriod.map((r) => r.key)).toEqual(['2026-01', '2026-02']);
    expect(hoursText(150)).toBe('2:30');
    expect(hoursText(5)).toBe('0:05');
  });
});
