// The batches panel: each batch with a progress bar and its counts; a row shows its jobs in the jobs table (GET /jobs?batchId=).
import { el, getJson, shortId, clock } from './api.js';
import { showBatch } from './jobs.js';

const body = document.querySelector('#batches tbody');

function row(batch) {
  const c = batch.counts;
  const done = `${c.completed} completed, ${c.failed} failed, ${c.cancelled} cancelled of ${batch.total}`;
  const bar = el('progress', { max: 100, value: batch.percentDone, 'aria-label': `${batch.percentDone}% done` });
  const open = el('button', { type: 'button', onclick: () => showBatch(batch.id) }, `Batch ${shortId(batch.id)}`);
  return el('tr', { 'data-id': batch.id },
    el('td', {}, open),
    el('td', {}, batch.ended ? 'Ended' : 'Open'),
    el('td', {}, bar, ' ', `${Math.round(batch.percentDone)}%`),
    el('td', {}, done),
    el('td', {}, clock(batch.createdAt)),
    el('td', {}, batch.finishedAt ? clock(batch.finishedAt) : '—'),
    el('td', {}, el('a', { href: batch.links.results, download: '' }, 'ZIP')));
}

/** The newest batches; called on load, on each batch event and with the job events (their counts move with the jobs). */
export async function refreshBatches() {
  const result = await getJson('/batches?pageSize=10');
  if (!result.ok) return;
  body.replaceChildren(...result.body.items.map(row));
}
