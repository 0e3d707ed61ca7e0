import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import App from './App.svelte';
import { locale } from './state/locale.svelte.ts';
import { session } from './state/session.svelte.ts';

locale.apply();

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');

// Who is signed in is asked at once, while the messages download (the shell shows meanwhile).
void session.start().catch(() => undefined);

// The shell in index.html shows until the messages of the person's language are here; if they cannot
// be fetched (offline, not cached yet) the app starts anyway and shows the message keys.
await locale.ready().catch(() => undefined);
target.replaceChildren();

// The shell and the last search results stay usable offline (web/public/sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);

export default mount(App, { target });
