import { beforeAll, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/schemas/realtime.ts';
import { publishNotifications, recordNotifications } from '../../server/modules/notifications/index.ts';
import { describeEachDialect, ORIGIN, sessionCookieFrom, type TestUser } from '../helpers/app.ts';
import { makeApplication, makeNeed, makeOrganization } from '../helpers/factories.ts';
import { connectWs, isType, openWs, wsUrl, type WsClient } from '../helpers/ws-client.ts';

const env = {
  REALTIME_MAX_SOCKETS_PER_PERSON: '3',
  REALTIME_HEARTBEAT_SECONDS: '1',
  REALTIME_SESSION_CHECK_SECONDS: '1',
};
const PASSWORD = 'a long enough passphrase';

/** No frame but hello/pong arrives after a ping round trip: the server sent nothing else before the pong. */
async function quiet(client: WsClient): Promise<ServerMessage[]> {
  const before = client.frames.filter((f) => f.type === 'pong').length;
  client.socket.send(JSON.stringify({ type: 'ping' }));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no pong')), 3000);
    const check = () => {
      if (client.frames.filter((f) => f.type === 'pong').length > before) {
        clearTimeout(timer);
        resolve();
      } else setTimeout(check, 10);
    };
    check();
  });
  return client.frames.filter((f) => f.type !== 'hello' && f.type !== 'pong');
}

describeEachDialect(
  'realtime: one authenticated websocket',
  (t) => {
    let url = '';
    beforeAll(async () => {
      url = wsUrl(await t().app.listen({ port: 0, host: '127.0.0.1' }));
    });
    const as = (u: TestUser) => ({ origin: ORIGIN, cookie: u.cookie });
    const signIn = async (u: TestUser) => {
      const res = await t().inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: PASSWORD },
      });
      expect(res.statusCode, res.body).toBe(200);
      return sessionCookieFrom(res);
    };

    it('refuses before the upgrade: no session 401, a foreign or missing Origin 403, too many sockets 429', async () => {
      const person = await t().register();
      expect(await openWs(url, { origin: ORIGIN })).toEqual({ refused: 401 });
      expect(await openWs(url, { origin: ORIGIN, cookie: 'session=not.a-token' })).toEqual({ refused: 401 });
      expect(await openWs(url, { origin: 'https://evil.example', cookie: person.cookie })).toEqual({ refused: 403 });
      expect(await openWs(url, { cookie: person.cookie })).toEqual({ refused: 403 });
      const open = [
        await connectWs(url, as(person)),
        await connectWs(url, as(person)),
        await connectWs(url, as(person)),
      ];
      expect(await openWs(url, as(person))).toEqual({ refused: 429 });
      const gauge = (await t().app.metrics.registry.getSingleMetric('waardewerk_websockets_open')!.get()).values[0]!
        .value;
      expect(gauge).toBeGreaterThanOrEqual(3);
      open[0]!.close();
      await open[0]!.closed;
      const again = await connectWs(url, as(person));
      for (const c of [...open.slice(1), again]) c.close();
    });

    it('closes a socket that sends an oversize frame, floods, or sends what it should not', async () => {
      const person = await t().register();
      const big = await connectWs(url, as(person));
      big.socket.send('x'.repeat(64 * 1024 + 1));
      expect((await big.closed).code).toBe(1009);

      const flood = await connectWs(url, as(person));
      for (let i = 0; i < 50; i++) flood.socket.send(JSON.stringify({ type: 'ping' }));
      expect((await flood.closed).code).toBe(4008);
      expect(flood.frames.filter((f) => f.type === 'pong').length).toBeLessThanOrEqual(20);

      const odd = await connectWs(url, as(person));
      odd.socket.send(JSON.stringify({ type: 'subscribe', engagementId: 'someone-else' }));
      expect((await odd.closed).code).toBe(4000);
    });

    it('delivers a message live to the other participant, and not to a third person', async () => {
      const org = await makeOrganization(t(), { name: 'Buurthuis Live' });
      const need = await makeNeed(org);
      const volunteer = await t().register({ displayName: 'Amina' });
      const stranger = await t().register({ displayName: 'Nosy' });
      const coordinator = await connectWs(url, as(org.owner));
      const volunteerWs = await connectWs(url, as(volunteer));
      const strangerWs = await connectWs(url, as(stranger));

      const engagement = await makeApplication(volunteer, need.id, { message: 'Ik help graag' });
      const proposed = await coordinator.next(isType('notification'));
      expect(proposed.notification).toMatchObject({
        kind: 'engagement.proposed',
        data: { engagementId: engagement.id },
        readAt: null,
      });

      const posted = await volunteer.inject({
        method: 'POST',
        url: `/api/engagements/${engagement.id}/messages`,
        payload: { text: 'Hoe laat zal ik komen?' },
      });
      expect(posted.statusCode, posted.body).toBe(201);
      const live = await coordinator.next(isType('message'));
      expect(live).toEqual({
        type: 'message',
        engagementId: engagement.id,
        message: expect.objectContaining({
          text: 'Hoe laat zal ik komen?',
          author: { userId: volunteer.id, displayName: 'Amina' },
        }),
      });
      expect(coordinator.frames.filter(isType('notification')).map((f) => f.notification.kind)).toEqual([
        'engagement.proposed',
        'message.received',
      ]);

      expect(await quiet(strangerWs)).toEqual([]);
      // The author is not told of their own message.
      expect(await quiet(volunteerWs)).toEqual([]);
      for (const c of [coordinator, volunteerWs, strangerWs]) c.close();
    });

    it('limits how fast one person writes messages (30 a minute)', async () => {
      const org = await makeOrganization(t(), { name: 'Buurthuis Vlug' });
      const volunteer = await t().register();
      const engagement = await makeApplication(volunteer, (await makeNeed(org)).id);
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++)
        statuses.push(
          (
            await volunteer.inject({
              method: 'POST',
              url: `/api/engagements/${engagement.id}/messages`,
              payload: { text: `Bericht ${i}` },
            })
          ).statusCode,
        );
      expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
      const refused = await volunteer.inject({
        method: 'POST',
        url: `/api/engagements/${engagement.id}/messages`,
        payload: { text: 'Nog een' },
      });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('too_many_requests');
      // The other side is not held back by it.
      expect(
        (
          await org.owner.inject({
            method: 'POST',
            url: `/api/engagements/${engagement.id}/messages`,
            payload: { text: 'Rustig aan' },
          })
        ).statusCode,
      ).toBe(201);
    });

    it('lets a client that was offline fetch what it missed since its last seen id, in order', async () => {
      const org = await makeOrganization(t(), { name: 'Buurthuis Offline' });
      const need = await makeNeed(org);
      const volunteer = await t().register();
      const engagement = await makeApplication(volunteer, need.id);
      const ws = await connectWs(url, as(volunteer));
      await org.owner.inject({
        method: 'POST',
        url: `/api/engagements/${engagement.id}/messages`,
        payload: { text: 'Welkom!' },
      });
      const lastSeen = (await ws.next(isType('notification'))).notification.id;
      ws.close();
      await ws.closed;

      for (const text of ['Eén', 'Twee', 'Drie']) {
        t().clock.advance(1000);
        await org.owner.inject({
          method: 'POST',
          url: `/api/engagements/${engagement.id}/messages`,
          payload: { text },
        });
      }
      const missed = await volunteer.inject({
        method: 'GET',
        url: `/api/notifications?after=${encodeURIComponent(lastSeen)}&limit=2`,
      });
      expect(missed.statusCode, missed.body).toBe(200);
      const first = missed.json();
      expect(first.items).toHaveLength(2);
      expect(first.unread).toBe(4);
      const rest = (
        await volunteer.inject({ method: 'GET', url: `/api/notifications?cursor=${first.nextCursor}&limit=2` })
      ).json();
      const ids = [...first.items, ...rest.items].map((n: { id: string }) => n.id);
      expect(ids).toHaveLength(3);
      expect([...ids].sort()).toEqual(ids);
      expect(ids.every((id) => id > lastSeen)).toBe(true);
      expect(rest.nextCursor).toBeNull();

      expect(
        (await volunteer.inject({ method: 'POST', url: '/api/notifications/read', payload: { upTo: ids[1] } }))
          .statusCode,
      ).toBe(204);
      expect((await volunteer.inject({ method: 'GET', url: '/api/notifications' })).json().unread).toBe(1);
    });

    it('delivers nothing for a rolled-back transaction', async () => {
      // PostgreSQL hears committed ids by LISTEN (NOTIFY is sent inside the transaction); SQLite by the bus.
      expect(t().app.realtime.stats().feed).toBe(t().dialect === 'postgres' ? 'listen' : 'bus');
      const person = await t().register();
      const ws = await connectWs(url, as(person));
      const { ctx } = t();
      await expect(
        ctx.db.transaction().execute(async (trx) => {
          await recordNotifications(ctx, trx, { userIds: [person.id], kind: 'badge.earned', data: {} });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const committed = await ctx.db
        .transaction()
        .execute((trx) => recordNotifications(ctx, trx, { userIds: [person.id], kind: 'credits.received', data: {} }));
      publishNotifications(ctx, committed);
      expect((await ws.next(isType('notification'))).notification.kind).toBe('credits.received');
      expect((await quiet(ws)).map((f) => (f.type === 'notification' ? f.notification.kind : f.type))).toEqual([
        'credits.received',
      ]);
      const stored = (await person.inject({ method: 'GET', url: '/api/notifications' })).json();
      expect(stored.items.map((n: { kind: string }) => n.kind)).toEqual(['credits.received']);
      ws.close();
    });

    it('closes a session’s sockets within a second on logout, and all of them on erasure; others stay open', async () => {
      const person = await t().register();
      const other = { ...person, cookie: await signIn(person) };
      const first = await connectWs(url, as(person));
      const second = await connectWs(url, as(other));
      const loggedOut = Date.now();
      expect((await person.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
      const closed = await first.closed;
      expect(closed.code).toBe(4401);
      expect(closed.at - loggedOut).toBeLessThan(1000);
      expect(second.socket.readyState).toBe(1);

      const erased = Date.now();
      const res = await t().inject({
        method: 'DELETE',
        url: '/api/me',
        headers: { cookie: other.cookie },
        payload: { currentPassword: PASSWORD },
      });
      expect(res.statusCode, res.body).toBe(204);
      const gone = await second.closed;
      expect(gone.code).toBe(4401);
      expect(gone.at - erased).toBeLessThan(1000);
    });

    it('closes sockets whose session expired (checked on a timer) and drops peers that stop answering pings', async () => {
      const silent = await connectWs(url, as(await t().register()), { autoPong: false });
      const answering = await connectWs(url, as(await t().register()));
      // Terminated without a close frame after a missed ping: the client sees 1006.
      expect((await silent.closed).code).toBe(1006);
      expect(answering.socket.readyState).toBe(1);

      const person = await t().register();
      const ws = await connectWs(url, as(person));
      t().clock.advance(31 * 24 * 60 * 60 * 1000);
      expect((await ws.closed).code).toBe(4401);
      expect((await answering.closed).code).toBe(4401);
    });
  },
  env,
);

describeEachDialect(
  'realtime: a socket closes when its session expires',
  (t) => {
    it('closes at the session’s absolute expiry, without waiting for the periodic check', async () => {
      const url = wsUrl(await t().app.listen({ port: 0, host: '127.0.0.1' }));
      const person = await t().register();
      // One day is the longest this session may live; connect 1.5 s before that.
      t().clock.advance(24 * 60 * 60 * 1000 - 1500);
      const ws = await connectWs(url, { origin: ORIGIN, cookie: person.cookie });
      const opened = Date.now();
      // The manual clock follows the wall clock from here, as a real one would.
      const follow = setInterval(() => t().clock.advance(100), 100);
      try {
        const closed = await ws.closed;
        expect(closed.code).toBe(4401);
        expect(closed.at - opened).toBeLessThan(3000);
      } finally {
        clearInterval(follow);
      }
    });
  },
  { SESSION_MAX_DAYS: '1', REALTIME_SESSION_CHECK_SECONDS: '3600' },
);
