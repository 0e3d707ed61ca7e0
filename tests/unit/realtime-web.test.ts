import { describe, expect, it } from 'vitest';
import { backoffDelay, shouldReconnect } from '../../web/src/lib/realtime/backoff.ts';
import { mergeNewestFirst, notificationPath } from '../../web/src/lib/realtime/notification-link.ts';
import { FrameWindow } from '../../server/modules/realtime/rate.ts';

describe('websocket client: reconnecting with backoff', () => {
  it('waits longer after each failed try, up to 30 s, with jitter inside the bound', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(10, () => 1)).toBe(30_000);
    expect(backoffDelay(50, () => 0.5)).toBe(15_250);
    for (let attempt = 0; attempt < 12; attempt++) {
      const d = backoffDelay(attempt);
      expect(d).toBeGreaterThanOrEqual(500);
      expect(d).toBeLessThanOrEqual(30_000);
    }
  });

  it('stops reconnecting when the server says the session ended', () => {
    expect(shouldReconnect(4401)).toBe(false);
    for (const code of [1000, 1001, 1006, 1009, 4008, 4009, 4429]) expect(shouldReconnect(code)).toBe(true);
  });
});

describe('notifications in the web', () => {
  it('merges live frames and fetched pages by id, newest first', () => {
    const a = { id: '20260101T000000000Z.00000001.aaaa' };
    const b = { id: '20260101T000000001Z.00000002.bbbb' };
    const c = { id: '20260101T000000002Z.00000003.cccc' };
    expect(mergeNewestFirst([c, a], [b, a])).toEqual([c, b, a]);
    expect(mergeNewestFirst([], [])).toEqual([]);
  });

  it('links each notification to the page it is about', () => {
    expect(notificationPath({ kind: 'message.received', data: { engagementId: 'e/1' } })).toBe('/engagements/e%2F1');
    expect(notificationPath({ kind: 'need.matched', data: { needId: 'n1', offerId: 'o1' } })).toBe('/needs/n1');
    expect(
      notificationPath({ kind: 'report.decided', data: { targetType: 'listing', targetId: 'n1', status: 'hidden' } }),
    ).toBe('/me/reports');
    expect(
      notificationPath({ kind: 'engagement.proposed_by_round', data: { organizationId: 'o9', roundId: 'r' } }),
    ).toBe('/organizations/o9');
    expect(notificationPath({ kind: 'membership.invited', data: {} })).toBeNull();
  });
});

describe('the hub’s flood limit per connection', () => {
  it('allows `limit` frames per window and starts again in the next window', () => {
    const w = new FrameWindow(3, 1000);
    expect([w.take(0), w.take(10), w.take(20), w.take(30)]).toEqual([true, true, true, false]);
    expect(w.take(999)).toBe(false);
    expect(w.take(1000)).toBe(true);
  });
});

describe('"tell me when…" on the search page', () => {
  it('keeps kind, domain, compensation, newcomer-friendly and the distance from a valid postcode', async () => {
    const { alertBodyFrom } = await import('../../web/src/lib/search/alert-body.ts');
    const { emptySearch } = await import('../../web/src/lib/search/search-query.ts');
    const { savedSearchBody } = await import('../../shared/schemas/alerts.ts');
    const body = alertBodyFrom({
      ...emptySearch,
      q: 'tuin',
      kind: ['hands'],
      domain: ['greening'],
      compensation: ['unpaid'],
      newcomerFriendly: true,
      near: '3511 ab',
      radiusKm: 300,
    });
    expect(body).toEqual({
      kinds: ['hands'],
      domains: ['greening'],
      compensation: ['unpaid'],
      newcomerFriendly: true,
      near: '3511AB',
      radiusKm: 100,
    });
    expect(savedSearchBody.safeParse(body).success).toBe(true);
    expect(alertBodyFrom({ ...emptySearch, near: 'not a postcode' })).toEqual({
      kinds: [],
      domains: [],
      compensation: [],
      newcomerFriendly: false,
    });
  });
});
