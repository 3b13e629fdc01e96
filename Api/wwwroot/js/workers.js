// The workers panel, from GET /workers (built from heartbeats): online, or greyed out once a worker goes silent.
import { el, getJson, shortId } from './api.js';

const list = document.getElementById('workers');

function ago(at) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(at)) / 1000));
  return seconds < 90 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}

function card(worker) {
  const state = worker.online ? 'online' : 'offline';
  const paused = worker.online && worker.paused;
  const current = worker.currentJobs.length ? worker.currentJobs.map(shortId).join(', ') : 'idle';
  return el('li', { class: state, 'data-worker-id': worker.workerId },
    el('div', {}, el('span', { class: 'who' }, worker.workerId), el('span', { class: `badge ${state}` }, state.toUpperCase()),
      paused ? el('span', { class: 'badge paused' }, 'PAUSED') : null),
    el('dl', { class: 'facts' },
      el('dt', {}, 'now'), el('dd', {}, worker.online ? `${worker.inFlight} of ${worker.concurrencyLimit} slots: ${current}` : '—'),
      el('dt', {}, 'done'), el('dd', { class: 'done' }, worker.completed.toLocaleString('en')),
      el('dt', {}, 'failed'), el('dd', { class: 'failed' }, worker.failed.toLocaleString('en')),
      el('dt', {}, 'last heard'), el('dd', {}, ago(worker.lastSeen))));
}

export async function refreshWorkers() {
  const result = await getJson('/workers');
  if (!result.ok) { list.replaceChildren(el('li', { class: 'offline' }, 'Workers could not be loaded.')); return; }
  list.replaceChildren(...(result.body.length
    ? result.body.map(card)
    : [el('li', { class: 'offline' }, 'No worker heard from yet. Workers send a heartbeat every 2 s.')]));
}
