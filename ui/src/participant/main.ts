// The participant app: the page a phone opens from the workshop's link or code. Separate from
// the main app (its own entry and bundle): it must stay small and hold nothing but this.
import { mount } from 'svelte';
import './participant.css';
import App from './App.svelte';
import { unlockAudio } from './audio';

const target = document.getElementById('app');
if (!target) throw new Error('participant.html has no #app element');

for (const type of ['pointerdown', 'keydown'] as const) {
  window.addEventListener(type, unlockAudio, { once: true, capture: true });
}

export default mount(App, { target });
