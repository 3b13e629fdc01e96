// Pause / resume (operators), over GET /processing and POST /processing/pause|resume. While paused a banner says so at
// the top and the queues panel below shows the depth growing: uploads are accepted and wait until processing resumes.
import { el, getJson, post, clock } from './api.js';
import { log } from './activity.js';

const banner = document.getElementById('paused-banner');
const panel = document.getElementById('processing');
let paused = null;

function show(state) {
  if (paused !== null && paused !== state.paused) log(`Processing ${state.paused ? 'paused' : 'resumed'}`, undefined, state.paused ? 'Failed' : 'Completed');
  paused = state.paused;
  banner.hidden = !state.paused;
  banner.textContent = state.paused
    ? `Processing paused since ${clock(state.since)} by ${state.by}: workers take no new jobs, uploads wait in the queue until it resumes.`
    : '';
  panel.replaceChildren(
    el('span', { class: `badge ${state.paused ? 'paused' : 'online'}`, id: 'processing-state' }, state.paused ? 'PAUSED' : 'RUNNING'), ' ',
    el('button', { type: 'button', id: 'processing-toggle', onclick: () => toggle(!state.paused) },
      state.paused ? 'Resume processing' : 'Pause processing'));
}

async function toggle(pause) {
  try {
    show(await post(pause ? '/processing/pause' : '/processing/resume'));
  } catch (error) {
    log(`Processing could not be ${pause ? 'paused' : 'resumed'}: ${error.message}`, undefined, 'error');
  }
}

export async function refreshProcessing() {
  const result = await getJson('/processing');
  if (result.ok) show(result.body);
  else panel.replaceChildren(el('p', { class: 'notice' }, 'Whether processing is paused could not be loaded.'));
}
