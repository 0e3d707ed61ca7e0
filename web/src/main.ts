import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import App from './App.svelte';
import { matchPath } from './lib/router/route-match.ts';
import { shellMessages } from './route-messages.ts';
import { messagesOf, notFoundRoute, pageOf, routes } from './routes.ts';
import { locale } from './state/locale.svelte.ts';
import { session } from './state/session.svelte.ts';

locale.apply();

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');

// Who is signed in is asked at once, while the messages download (the shell shows meanwhile).
void session.start().catch(() => undefined);

// The shell in index.html shows until the messages of the header and of the first page are here, in
// the person's language (the first page's code comes meanwhile); if they cannot be fetched (offline,
// not cached yet) the app starts anyway and shows the message keys.
const first = routes.find((r) => matchPath(r.path, location.pathname)) ?? notFoundRoute;
void pageOf(first).catch(() => undefined);
await locale.load([...shellMessages, ...messagesOf(first)]).catch(() => undefined);
target.replaceChildren();

// The shell and the last search results stay usable offline (web/public/sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator)
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined);

export default mount(App, { target });
