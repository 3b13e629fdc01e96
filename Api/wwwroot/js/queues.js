// The queues and dead-letters panels. GET /queues and GET /dlq come from the broker's management API in
// distributed mode; on the in-memory bus (standalone) they are absent, and the panels say so and show what
// the jobs table knows instead.
import { el, getJson, post, shortId, ms } from './api.js';
import { retry } from './jobs.js';
import { log } from './activity.js';

const queues = document.getElementById('queues');
const dead = document.getElementById('dead');
let totals = null;

const listOf = body => (Array.isArray(body) ? body : body?.queues ?? body?.messages ?? body?.items ?? null);
const pick = (item, ...names) => names.map(name => item?.[name]).find(value => value !== undefined && value !== null);
const unavailable = result => !result.ok || result.body?.available === false || listOf(result.body) === null;
const rate = value => (value === undefined ? '—' : `${Number(value).toFixed(1)}/s`);

/** Called with each timeline's totals, so the standalone view always has current counts. */
export function showTotals(latest) {
  totals = latest;
  const target = document.getElementById('table-totals');
  if (target) target.replaceChildren(totalsText());
}

function totalsText() {
  if (!totals) return 'loading…';
  return `${totals.queued.toLocaleString('en')} queued (waiting for a worker), ${totals.processing.toLocaleString('en')} processing, `
    + `${totals.completed.toLocaleString('en')} completed, ${totals.failed.toLocaleString('en')} failed.`;
}

export async function refreshQueues() {
  const result = await getJson('/queues');
  if (unavailable(result)) {
    const why = result.body?.detail ?? result.body?.reason ?? 'Queue stats are not available on the in-memory bus (standalone mode): it has no management API.';
    queues.replaceChildren(el('p', { class: 'notice' }, why),
      el('p', {}, el('strong', {}, 'From the jobs table: '), el('span', { id: 'table-totals' }, totalsText())));
    return;
  }
  queues.replaceChildren(el('table', { class: 'small' },
    el('thead', {}, el('tr', {}, ['Queue', 'Ready', 'Unacked', 'Consumers', 'In', 'Out'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, listOf(result.body).map(q => el('tr', { 'data-queue': pick(q, 'name', 'queue') },
      el('td', {}, pick(q, 'name', 'queue') ?? '?'),
      el('td', { class: 'num' }, String(pick(q, 'ready', 'messagesReady', 'messages_ready') ?? '—')),
      el('td', { class: 'num' }, String(pick(q, 'unacked', 'unacknowledged', 'messagesUnacknowledged', 'messages_unacknowledged') ?? '—')),
      el('td', { class: 'num' }, String(pick(q, 'consumers') ?? '—')),
      el('td', { class: 'num' }, rate(pick(q, 'publishRate', 'publishPerSecond', 'publish_rate'))),
      el('td', { class: 'num' }, rate(pick(q, 'deliverRate', 'deliverPerSecond', 'deliver_rate'))))))));
}

async function replay(query, what) {
  try {
    await post(`/dlq/replay${query}`);
    log(`Replayed ${what} from the error queue`, undefined, 'retry');
  } catch (error) {
    log(`Replay refused: ${error.message}`, undefined, 'error');
  }
  refreshDeadLetters();
}

export async function refreshDeadLetters() {
  const result = await getJson('/dlq');
  if (!unavailable(result)) {
    const messages = listOf(result.body);
    dead.replaceChildren(
      el('p', {}, `${messages.length} message(s) in the error queue. `,
        el('button', { type: 'button', disabled: messages.length === 0, onclick: () => replay('', 'all messages') }, 'Replay all')),
      el('ul', { class: 'dead-list' }, messages.map(m => {
        const id = pick(m, 'messageId', 'id');
        const job = pick(m, 'jobId');
        return el('li', {}, el('strong', {}, job ? shortId(String(job)) : String(id ?? '?')), ' ',
          pick(m, 'reason', 'faultReason', 'exceptionMessage') ?? '', ' ',
          id ? el('button', { type: 'button', onclick: () => replay(`?messageId=${encodeURIComponent(id)}`, `message ${id}`) }, 'Replay') : null);
      })));
    return;
  }
  // Standalone: the in-memory error queue cannot be listed, but every dead letter is a Failed job with its reason.
  const failed = await getJson('/jobs?state=Failed&pageSize=10');
  const items = failed.ok ? failed.body.items : [];
  const total = failed.ok ? failed.body.total : 0;
  dead.replaceChildren(
    el('p', { class: 'notice' }, 'The in-memory bus\'s error queue cannot be listed; its messages are the failed jobs below. Retry queues a job again.'),
    el('p', {}, `${total.toLocaleString('en')} failed job(s)${total > items.length ? `, newest ${items.length} shown` : ''}. `,
      el('button', { type: 'button', disabled: items.length === 0, onclick: async () => { for (const job of items) await retry(job.id); } }, 'Retry all shown')),
    el('ul', { class: 'dead-list' }, items.map(job => el('li', { 'data-job-id': job.id },
      el('strong', {}, shortId(job.id)), ` ${job.originalFileName ?? ''} · ${ms(job.endToEndMs)} ms · `, job.failureReason ?? '', ' ',
      el('button', { type: 'button', 'aria-label': `Retry job ${shortId(job.id)}`, onclick: () => retry(job.id) }, 'Retry')))));
}
