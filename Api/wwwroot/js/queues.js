// The queues and dead-letters panels, over GET /queues, GET /dlq and POST /dlq/replay. With RabbitMQ they show
// the broker's own numbers; on the in-memory bus (standalone) the broker cannot be asked, and the panels say so
// and show what the jobs table knows instead.
import { el, getJson, post, shortId } from './api.js';
import { log } from './activity.js';

const queues = document.getElementById('queues');
const dead = document.getElementById('dead');
let totals = null;

const count = value => Number(value ?? 0).toLocaleString('en');
const rate = value => `${Number(value ?? 0).toFixed(1)}/s`;
const problem = (result, what) => result.body?.title
  ? `${result.body.title}: ${result.body.detail ?? ''}`
  : `${what} could not be loaded (HTTP ${result.status || 'no answer'}).`;

/** Called with each timeline's totals, so the standalone view always has current counts. */
export function showTotals(latest) {
  totals = latest;
  document.getElementById('table-totals')?.replaceChildren(totalsText());
}

function totalsText() {
  if (!totals) return 'loading…';
  return `${count(totals.queued)} queued (waiting for a worker), ${count(totals.processing)} processing, `
    + `${count(totals.completed)} completed, ${count(totals.failed)} failed.`;
}

export async function refreshQueues() {
  const result = await getJson('/queues');
  if (!result.ok || !result.body.available) {
    const why = result.ok ? result.body.note : problem(result, 'Queue statistics');
    queues.replaceChildren(el('p', { class: 'notice' }, why ?? 'Queue statistics are not available.'),
      el('p', {}, el('strong', {}, 'From the jobs table: '), el('span', { id: 'table-totals' }, totalsText())));
    return;
  }
  // The work first (process-image, then the shared queues and their error queues); each process's own queues, which
  // come and go with it, folded away below.
  const rank = q => q.name === 'process-image' ? 0 : q.name.endsWith('_error') || q.name.endsWith('_skipped') ? 2 : 1;
  const shared = result.body.queues.filter(q => !q.perProcess).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const perProcess = result.body.queues.filter(q => q.perProcess);
  queues.replaceChildren(queueTable(shared, 'RabbitMQ queues: messages ready and unacknowledged, consumers, rates'),
    ...(perProcess.length === 0 ? [] : [el('details', { class: 'per-process' },
      el('summary', {}, `${perProcess.length} per-process queue(s): heartbeats, live feed, cancellations, pause`),
      queueTable(perProcess, 'Queues of single processes, removed when each stops'))]));
}

function queueTable(list, caption) {
  return el('table', { class: 'small queue-list' },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ['Queue', 'Ready', 'Unacked', 'Consumers', 'In', 'Out'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, list.map(q => el('tr', { 'data-queue': q.name, class: q.name === 'process-image' ? 'main-queue' : '' },
      el('td', {}, q.name), el('td', { class: 'num' }, count(q.ready)), el('td', { class: 'num' }, count(q.unacknowledged)),
      el('td', { class: 'num' }, count(q.consumers)), el('td', { class: 'num' }, rate(q.publishRate)),
      el('td', { class: 'num' }, rate(q.deliverRate))))));
}

async function replay(jobId) {
  try {
    const result = await post(jobId ? `/dlq/replay?jobId=${jobId}` : '/dlq/replay');
    log(`Replayed ${result.replayed} dead letter(s)`, undefined, 'retry');
  } catch (error) {
    log(`Replay refused: ${error.message}`, undefined, 'error');
  }
  refreshDeadLetters();
}

export async function refreshDeadLetters() {
  const result = await getJson('/dlq?limit=20');
  if (!result.ok) { dead.replaceChildren(el('p', { class: 'notice' }, problem(result, 'Dead letters'))); return; }
  const { source, counts, messages } = result.body;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  dead.replaceChildren(
    source === 'jobs-table'
      ? el('p', { class: 'notice' }, 'The in-memory bus\'s error queue cannot be browsed: its failed jobs stand in for it. Replay queues them again.')
      : el('p', {}, Object.entries(counts).map(([queue, n]) => `${queue}: ${count(n)}`).join(' · ')),
    el('p', {}, `${count(total)} dead letter(s)${total > messages.length ? `, newest ${messages.length} shown` : ''}. `,
      el('button', { type: 'button', disabled: total === 0, onclick: () => replay(null) }, 'Replay all')),
    el('ul', { class: 'dead-list' }, messages.map(m => el('li', { 'data-job-id': m.jobId },
      el('strong', {}, shortId(m.jobId)), ` ${m.reason} `,
      el('button', { type: 'button', 'aria-label': `Replay job ${shortId(m.jobId)}`, onclick: () => replay(m.jobId) }, 'Replay')))));
}
