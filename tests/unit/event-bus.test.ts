import { describe, expect, it } from 'vitest';
import { EventBus } from '../../server/events.ts';

const event = { needId: 'n1', organizationId: 'o1' };

describe('EventBus', () => {
  it('idle() waits for asynchronous listeners, including work their own events start', async () => {
    const bus = new EventBus();
    const done: string[] = [];
    bus.on('need.created', async ({ needId }) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      done.push(`ranked ${needId}`);
      bus.emit('match', { needId, organizationId: 'o1', recipients: [] });
    });
    bus.on('match', async ({ needId }) => {
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
      done.push(`told ${needId}`);
    });
    bus.emit('need.created', event);
    expect(done).toEqual([]);
    await bus.idle();
    expect(done).toEqual(['ranked n1', 'told n1']);
  });

  it('reports a failed asynchronous listener to onError and keeps going', async () => {
    const bus = new EventBus();
    const errors: [unknown, string][] = [];
    bus.onError = (error, name) => errors.push([error, name]);
    const boom = new Error('boom');
    bus.on('need.created', async () => {
      throw boom;
    });
    const seen: string[] = [];
    bus.on('need.created', (e) => seen.push(e.needId));
    bus.emit('need.created', event);
    await bus.idle();
    expect(errors).toEqual([[boom, 'need.created']]);
    expect(seen).toEqual(['n1']);
  });

  it('stops calling a listener once unsubscribed', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const stop = bus.on('need.created', (e) => seen.push(e.needId));
    bus.emit('need.created', event);
    stop();
    bus.emit('need.created', { needId: 'n2', organizationId: 'o1' });
    expect(seen).toEqual(['n1']);
  });
});
