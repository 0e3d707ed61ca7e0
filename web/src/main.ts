import './lib/zod-config.ts';
import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import App from './App.svelte';
import { locale } from './state/locale.svelte.ts';

locale.apply();

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');

export default mount(App, { target });
