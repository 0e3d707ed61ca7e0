/**
 * The clients of `bench:realtime`, in a process of their own: opens one websocket per cookie (in
 * batches, so the server's accept queue is not flooded), says `ready` to the parent, and records when
 * each client receives its notification frame (wall-clock ms with sub-millisecond precision: both
 * processes read the same system clock). Sends `{ arrivals }` back when all have arrived or on timeout.
 */
import WebSocket from 'ws';

interface Plan {
  url: string;
  origin: string;
  cookies: string[];
  batch: number;
}

// The plan (5,000 cookies) comes over IPC: too long for a command line.
const plan = await new Promise<Plan>((resolve) => process.once('message', (m) => resolve(m as Plan)));
const now = () => performance.timeOrigin + performance.now();
const arrivals: number[] = [];
const sockets: WebSocket[] = [];

function open(cookie: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(plan.url, { headers: { origin: plan.origin, cookie } });
    socket.on('message', (data) => {
      const text = String(data);
      // Only the notification frame is timed; hello comes first.
      if (text.startsWith('{"type":"notification"')) {
        arrivals.push(now());
        if (arrivals.length === plan.cookies.length) process.send?.({ arrivals });
      } else if (text.startsWith('{"type":"hello"')) resolve();
    });
    socket.on('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    socket.on('error', reject);
    sockets.push(socket);
  });
}

for (let i = 0; i < plan.cookies.length; i += plan.batch) {
  await Promise.all(plan.cookies.slice(i, i + plan.batch).map(open));
}
process.send?.({ ready: sockets.length });
process.on('message', (m: { done?: boolean; timeout?: boolean }) => {
  if (m.timeout) process.send?.({ arrivals });
  if (m.done) {
    for (const s of sockets) s.terminate();
    process.exit(0);
  }
});
