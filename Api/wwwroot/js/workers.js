// The workers panel, from GET /workers (built from heartbeats): online; or greyed out once a worker stopped on request,
// went silent while the broker was reachable (crashed), or cannot be heard because the broker is away (unreachable).
import { el, getJson, shortId } from './api.js';

const list = document.getElementById('workers');

function ago(at) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(at)) / 1000));
  return seconds < 90 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}

const meaning = {
  online: 'Heartbeats arriving',
  stopped: 'Stopped on request: it said so in its last heartbeat',
  crashed: 'Silent while the broker is reachable: killed or hung. The broker redelivers what it held.',
  unreachable: 'Silent because the broker is away: its heartbeats cannot arrive. It may still be running.',
};

function card(worker) {
  const status = worker.status ?? (worker.online ? 'online' : 'crashed');
  const paused = worker.online && worker.paused;
  const current = worker.currentJobs.length ? worker.currentJobs.map(shortId).join(', ') : 'idle';
  return el('li', { class: worker.online ? 'online' : 'offline', 'data-worker-id': worker.workerId, 'data-status': status },
    el('div', {}, el('span', { class: 'who' }, worker.workerId),
      el('span', { class: `badge ${status}`, title: meaning[status] ?? '' }, status.toUpperCase()),
      paused ? el('span', { class: 'badge paused' }, 'PAUSED') : null),
    el('dl', { class: 'facts' },
      el('dt', {}, 'now'), el('dd', {}, worker.online ? `${worker.inFlight} of ${worker.concurrencyLimit} slots: ${current}` : '—'),
      el('dt', {}, 'done'), el('dd', { class: 'done' }, worker.completed.toLocaleString('en')),
      el('dt', { title: 'Jobs this worker failed for good: their image was rejected' }, 'failed'),
      el('dd', { class: 'failed' }, worker.failed.toLocaleString('en')),
      el('dt', { title: 'Attempts that threw and left the job to run again (a quick retry, or handed back)' }, 'retried'),
      el('dd', { class: 'retried' }, (worker.retried ?? 0).toLocaleString('en')),
      el('dt', {}, 'last heard'), el('dd', {}, ago(worker.lastSeen))));
}

export async function refreshWorkers() {
  const result = await getJson('/workers');
  if (!result.ok) { list.replaceChildren(el('li', { class: 'offline' }, 'Workers could not be loaded.')); return; }
  list.replaceChildren(...(result.body.length
    ? result.body.map(card)
    : [el('li', { class: 'offline' }, 'No worker heard from yet. Workers send a heartbeat every 2 s.')]));
}
