import { describe, expect, it } from 'vitest';
import {
  needWeeklySlots,
  offerAvailability,
  toOfferCandidate,
  toPersonCandidate,
  weeklySlotsMask,
  PERSON_RADIUS_KM,
  OFFER_RADIUS_KM,
  type OfferMatchRow,
} from '../../server/modules/matching/core/mapping.ts';
import { weeklySlots } from '../../server/modules/matching/core/types.ts';

const offerRow = (overrides: Partial<OfferMatchRow> = {}): OfferMatchRow => ({
  id: 'o1',
  owner_user_id: 'u1',
  organization_id: null,
  kind: 'hands',
  skills: '["koken"]',
  languages: '["nl"]',
  lat: 52.09,
  lng: 5.12,
  radius_km: null,
  remote: 0,
  availability: null,
  ends_at: null,
  compensation_accepted: '["unpaid"]',
  status: 'open',
  created_at: '2026-03-01T10:00:00.000Z',
  owner_may_do_paid_work: 'no',
  owner_vog_verified_at: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('matching mapping', () => {
  it('cuts day parts at 12:00 and 18:00: a slot counts for every part it overlaps', () => {
    expect(weeklySlotsMask([{ day: 'mon', from: '09:00', to: '12:00' }])).toBe(weeklySlots(['mon_morning']));
    expect(weeklySlotsMask([{ day: 'mon', from: '11:30', to: '13:00' }])).toBe(
      weeklySlots(['mon_morning', 'mon_afternoon']),
    );
    expect(weeklySlotsMask([{ day: 'sat', from: '12:00', to: '18:00' }])).toBe(weeklySlots(['sat_afternoon']));
    expect(weeklySlotsMask([{ day: 'sun', from: '17:59', to: '18:01' }])).toBe(
      weeklySlots(['sun_afternoon', 'sun_evening']),
    );
    expect(weeklySlotsMask([{ day: 'fri', from: '18:00', to: '22:00' }])).toBe(weeklySlots(['fri_evening']));
  });

  it('derives a need’s weekly parts from its period in Dutch time, flexible from a week', () => {
    // Saturday 7 March 2026, 10:00–14:00 in Amsterdam (CET, UTC+1).
    expect(needWeeklySlots(Date.parse('2026-03-07T09:00:00Z'), Date.parse('2026-03-07T13:00:00Z'))).toBe(
      weeklySlots(['sat_morning', 'sat_afternoon']),
    );
    // 17:30 UTC in summer is 19:30 in Amsterdam (CEST): evening.
    expect(needWeeklySlots(Date.parse('2026-07-01T17:30:00Z'), Date.parse('2026-07-01T19:00:00Z'))).toBe(
      weeklySlots(['wed_evening']),
    );
    expect(needWeeklySlots(Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-09T00:00:00Z'))).toBeNull();
    expect(needWeeklySlots(null, Date.parse('2026-03-09T00:00:00Z'))).toBeNull();
  });

  it('maps dated availability to its weekdays, all day, from the first date', () => {
    const { weeklySlots: mask, availableFromMs } = offerAvailability({
      type: 'dates',
      dates: ['2026-03-10', '2026-03-07'],
    });
    expect(mask).toBe(
      weeklySlots(['tue_morning', 'tue_afternoon', 'tue_evening', 'sat_morning', 'sat_afternoon', 'sat_evening']),
    );
    expect(availableFromMs).toBe(Date.parse('2026-03-07T00:00:00.000Z'));
  });

  it('takes the person’s answers for a person’s offer and “yes, no VOG” for a business', () => {
    const own = toOfferCandidate(offerRow(), true);
    expect(own).toMatchObject({
      mayDoPaidWork: 'no',
      vogVerified: true,
      hasHadEngagement: true,
      radiusKm: OFFER_RADIUS_KM,
      kinds: ['hands'],
    });
    const business = toOfferCandidate(
      offerRow({
        owner_user_id: null,
        organization_id: 'b1',
        owner_may_do_paid_work: null,
        owner_vog_verified_at: null,
        radius_km: 25,
      }),
      false,
    );
    expect(business).toMatchObject({ mayDoPaidWork: 'yes', vogVerified: false, radiusKm: 25 });
    const weekly = toOfferCandidate(
      offerRow({
        availability: JSON.stringify({ type: 'weekly', slots: [{ day: 'tue', from: '19:00', to: '21:00' }] }),
        ends_at: '2026-04-01T00:00:00.000Z',
      }),
      false,
    );
    expect(weekly).toMatchObject({
      weeklySlots: weeklySlots(['tue_evening']),
      availableUntilMs: Date.parse('2026-04-01T00:00:00.000Z'),
    });
  });

  it('maps a profile with the documented default radius, both work kinds and no stated compensation', () => {
    const person = toPersonCandidate(
      {
        id: 'u9',
        skills: '["tolken"]',
        languages: '["ar","nl"]',
        may_do_paid_work: 'unknown',
        vog_verified_at: null,
        updated_at: '2026-03-01T00:00:00.000Z',
      },
      { lat: 52, lng: 5 },
      false,
    );
    expect(person).toMatchObject({
      type: 'person',
      radiusKm: PERSON_RADIUS_KM,
      kinds: ['hands', 'knowledge'],
      remote: true,
      compensationAccepted: [],
      mayDoPaidWork: 'unknown',
      vogVerified: false,
    });
  });
});
