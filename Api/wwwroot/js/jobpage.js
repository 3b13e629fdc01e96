// A job's page, opened from its row: its timeline (GET /jobs/{id}/timeline), the before and after images, the
// renditions and the link to its trace. A <dialog>, so Escape closes it and focus returns to the row.
import { el, getJson, shortId, ms } from './api.js';

const dialog = document.getElementById('job-page');
const title = document.getElementById('job-page-title');
const content = document.getElementById('job-page-content');

/** What an event's detail says, in a few words: "attempt 2 · redelivered", "status 503 · 41 ms". */
function describe(kind, detail) {
  if (!detail) return '';
  const parts = [];
  for (const [name, value] of Object.entries(detail)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'durationMs' || name === 'processingMs') parts.push(`${ms(value)} ms`);
    else if (name === 'due') parts.push(`due ${new Date(value).toLocaleTimeString('en-GB', { hour12: false })}`);
    else if (value === true) parts.push(name);
    else parts.push(`${name} ${value}`);
  }
  return parts.join(' · ');
}

/** Seconds since acceptance: "+0.000 s", "+1.234 s". */
const since = value => `+${(value / 1000).toFixed(3)} s`;

function timelineTable(timeline) {
  if (!timeline.recording) return el('p', { class: 'muted' }, 'The timeline is switched off (Timeline:Enabled).');
  if (timeline.events.length === 0) return el('p', { class: 'muted' }, 'No events yet.');
  return el('table', { class: 'timeline' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'when'), el('th', { scope: 'col' }, 'where'), el('th', { scope: 'col' }, 'what'),
      el('th', { scope: 'col' }, 'detail'))),
    el('tbody', {}, ...timeline.events.map(e => el('tr', { 'data-kind': e.kind },
      el('td', { class: 'num', title: e.at }, since(e.sinceAcceptedMs)), el('td', { class: 'source' }, e.source),
      el('td', {}, el('span', { class: `kind ${e.kind}` }, e.kind)), el('td', { class: 'detail' }, describe(e.kind, e.detail))))));
}

function images(job) {
  const figure = (label, href, src) => el('figure', {}, el('figcaption', {}, label),
    href ? el('a', { href, target: '_blank', rel: 'noopener' }, el('img', { src: src ?? href, alt: `${label} of job ${shortId(job.id)}`, loading: 'lazy' }))
      : el('span', { class: 'muted' }, '—'));
  return el('div', { class: 'before-after' },
    figure('Before', job.links.original, job.links.preview ?? undefined),
    figure('After', job.links.result),
    ...(job.renditions ?? []).filter(r => r.url).map(r => figure(`${r.name} (${r.result.width}×${r.result.height})`, r.url)));
}

function summary(job, timeline) {
  const trace = timeline.traceUrl
    ? el('a', { href: timeline.traceUrl, target: '_blank', rel: 'noopener' }, `trace ${timeline.traceId}`)
    : timeline.traceId ? el('span', { title: 'Set Dashboard:TraceViewerUrl to link it' }, `trace ${timeline.traceId}`) : null;
  return el('p', { class: 'job-summary' }, el('span', { class: `state ${job.state}` }, job.state), ' ',
    `${job.operations.join(', ')} → ${job.outputFormat} · ${job.attempts} attempt${job.attempts === 1 ? '' : 's'} · end to end ${ms(job.endToEndMs)} ms`,
    job.failureReason ? el('span', { class: 'reason' }, ` · ${job.failureReason}`) : null, trace ? ' · ' : null, trace);
}

// While open, the page reads the job again every few seconds: events reach the timeline in batches, after the row moves.
const RefreshEvery = 2000;
let shown = null, timer = null, drawn = '';

export async function openJob(id) {
  shown = id;
  drawn = '';
  title.textContent = `Job ${shortId(id)}`;
  content.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  if (!dialog.open) dialog.showModal();
  clearInterval(timer);
  timer = setInterval(() => load(id), RefreshEvery);
  await load(id);
}

async function load(id) {
  const [job, timeline] = await Promise.all([getJson(`/jobs/${id}`), getJson(`/jobs/${id}/timeline`)]);
  if (shown !== id || !dialog.open) return;
  if (!job.ok || !timeline.ok) {
    content.replaceChildren(el('p', { class: 'status' }, `Job ${id} could not be loaded (HTTP ${job.status || timeline.status}).`));
    return;
  }
  // Drawn again only when something changed, so the images do not flicker at every read.
  const state = `${job.body.state}|${!!job.body.links.preview}|${timeline.body.events.length}|${timeline.body.events.at(-1)?.at}`;
  if (state === drawn) return;
  drawn = state;
  title.textContent = `Job ${shortId(id)} ${job.body.originalFileName ?? ''}`;
  content.replaceChildren(summary(job.body, timeline.body), images(job.body), el('h3', {}, 'Timeline'), timelineTable(timeline.body));
}

export function setUpJobPage() {
  document.getElementById('job-page-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { clearInterval(timer); shown = null; });
}
