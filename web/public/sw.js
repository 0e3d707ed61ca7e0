// Waardewerk's service worker: the app shell and the last search results work offline.
// Hashed build files never change (cache first); the page and the API go to the network first and
// fall back to what was last loaded. Served with `Cache-Control: no-cache`, so a new version is seen at once.
const SHELL = 'waardewerk-shell';
const ASSETS = 'waardewerk-assets';
const DATA = 'waardewerk-data';
/** API reads kept for offline use: the searches and who is signed in (cleared at sign-out by the app). */
const KEPT = ['/api/needs', '/api/offers', '/api/me'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(['/', '/favicon.svg'])));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** Keeps a copy of a good answer; for the API also "not signed in" (401), which a visitor's app starts from. */
function keep(cacheName, key, response) {
  if (response.ok || (cacheName === DATA && response.status === 401)) {
    const copy = response.clone();
    void caches.open(cacheName).then((cache) => cache.put(key, copy));
  }
  return response;
}

/** Offline: the same request as last time, else the last answer for that path (the last search). */
async function lastAnswer(request) {
  const cache = await caches.open(DATA);
  const exact = await cache.match(request);
  if (exact) return exact;
  const last = await cache.match(new URL(request.url).pathname);
  return last ?? Response.error();
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((res) => keep(SHELL, '/', res))
        .catch(() => caches.match('/', { cacheName: SHELL }).then((hit) => hit ?? Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches
        .match(request, { cacheName: ASSETS })
        .then((hit) => hit ?? fetch(request).then((res) => keep(ASSETS, request, res))),
    );
    return;
  }
  if (url.pathname === '/favicon.svg') {
    event.respondWith(
      fetch(request)
        .then((res) => keep(SHELL, request, res))
        .catch(() => caches.match(request, { cacheName: SHELL }).then((hit) => hit ?? Response.error())),
    );
    return;
  }
  if (KEPT.includes(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((res) => {
          keep(DATA, request, res);
          return keep(DATA, url.pathname, res);
        })
        .catch(() => lastAnswer(request)),
    );
  }
});
