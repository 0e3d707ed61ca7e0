import { Counter, Gauge, type Registry } from 'prom-client';
import type { Hub } from './hub.ts';

/** Open sockets and notifications delivered, read from the hub when /metrics is scraped. */
export function registerRealtimeMetrics(registry: Registry, hub: Hub): void {
  new Gauge({
    name: 'waardewerk_websockets_open',
    help: 'Open websockets on this instance',
    registers: [registry],
    collect() {
      this.set(hub.stats().sockets);
    },
  });
  let reported = 0;
  new Counter({
    name: 'waardewerk_notifications_delivered_total',
    help: 'Notifications this instance pushed to connected people',
    registers: [registry],
    collect() {
      const delivered = hub.stats().delivered;
      this.inc(delivered - reported);
      reported = delivered;
    },
  });
}
