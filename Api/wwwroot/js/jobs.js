// The live job table: one page from GET /jobs at a time, so thousands of jobs cost no more than 25 rows.
// Rows are kept by job id and only changed cells are touched, so thumbnails are not reloaded on every event.
import { el, getJson, post, shortId, ms, throttle } from './api.js';
import { log } from './activity.js';
import { openJob } from './jobpage.js';

const PageSize = 25;
const body = document.querySelector('#jobs tbody');
const info = document.getElementById('page-info');
const filter = document.getElementById('state-filter');
const search = document.getElementById('job-search');
const tenantFilter = document.getElementById('tenant-filter');
const newer = document.getElementById('newer');
const older = document.getElementById('older');
const batchFilter = document.getElementById('batch-filter');
const rows = new Map();
let page = 1, pages = 1, batch = null;

async function retry(id) {
  try {
    await post(`/jobs/${id}/retry`);
    log(`Retry requested for job ${shortId(id)}`, undefined, 'retry');
  } catch (error) {
    log(`Retry of job ${shortId(id)} refused: ${error.message}`, undefined, 'error');
  }
}

/** A link to the full image showing <src> (a small preview where there is one). */
function thumb(href, alt, src = href) {
  return el('a', { href, target: '_blank', rel: 'noopener', title: `${alt} (opens full size)` },
    el('img', { src, alt, loading: 'lazy', decoding: 'async' }));
}

/** Each rendition by name, linked to its result, with its size. */
function renditionLinks(job) {
  return el('span', { class: 'renditions' }, ...job.renditions.filter(r => r.url).map(r =>
    el('a', { href: r.url, target: '_blank', rel: 'noopener', title: `${r.operations.join(', ')} → ${r.outputFormat}` },
      `${r.name} ${r.result.width}×${r.result.height} ${(r.result.sizeBytes / 1024).toFixed(0)} KB`)));
}

/**
 * The original's preview, which the Api makes on its first request: for a job without one (its original could not be
 * decoded) a link, so that a row never loads a full-size original.
 */
function originalThumb(job) {
  const alt = `Original of ${job.originalFileName ?? job.id}`;
  return job.links.preview ? thumb(job.links.original, alt, job.links.preview)
    : el('a', { class: 'none original', href: job.links.original, target: '_blank', rel: 'noopener', title: `${alt} (no preview yet)` }, '…');
}

function createRow(job) {
  const row = el('tr', { 'data-job-id': job.id },
    el('td', { class: 'job' }, el('button', { type: 'button', class: 'id link', title: `Open job ${job.id}: its timeline, images and trace`,
      onclick: () => openJob(job.id) }, shortId(job.id)), el('span', { class: 'file' }, job.originalFileName ?? ''),
      el('span', { class: 'webhook' })),
    el('td', { class: 'tenant operator-only' }, job.tenant),
    el('td', {}, el('span', { class: 'state' })),
    el('td', { class: 'ops' }, job.operations.join(', ') + ` → ${job.outputFormat}`),
    el('td', { class: 'worker' }), el('td', { class: 'num attempts' }), el('td', { class: 'num processing' }),
    el('td', { class: 'num e2e' }),
    el('td', {}, el('div', { class: 'thumbs' }, originalThumb(job), el('span', { class: 'none result' }, '—'))),
    el('td', { class: 'reason' }));
  rows.set(job.id, row);
  return row;
}

/** The job's webhook in a few words: "webhook 200 (3 tries)", "webhook 503, not delivered (2 tries)", or nothing. */
function webhookText(webhook) {
  if (!webhook || webhook.attempts === 0) return webhook?.callbackUrl ? 'webhook pending' : '';
  const tries = webhook.attempts === 1 ? '1 try' : `${webhook.attempts} tries`;
  return webhook.deliveredAt ? `webhook ${webhook.lastStatus} (${tries})` : `webhook ${webhook.lastStatus}, not delivered (${tries})`;
}

function set(row, selector, text) {
  const cell = row.querySelector(selector);
  if (cell.textContent !== text) cell.textContent = text;
}

function updateRow(row, job) {
  row.dataset.state = job.state;
  const state = row.querySelector('.state');
  state.className = `state ${job.state}`;
  set(row, '.state', job.state);
  const bar = row.querySelector('progress');
  if (job.state === 'Processing' && !bar) state.after(el('progress', { max: 100, value: job.progress ?? 0, 'aria-label': `Progress of job ${shortId(job.id)}` }));
  else if (job.state !== 'Processing' && bar) bar.remove();
  else if (bar && job.progress != null) bar.value = job.progress;
  const stop = row.querySelector('button.cancel');
  const cancellable = job.state === 'Queued' || job.state === 'Processing';
  if (cancellable && !stop) row.querySelector('.state').parentElement.append(el('button', { type: 'button', class: 'cancel',
    'aria-label': `Cancel job ${shortId(job.id)}`, onclick: () => cancel(job.id) }, 'Cancel'));
  else if (!cancellable && stop) stop.remove();
  set(row, '.worker', job.workerId ?? '—');
  set(row, '.attempts', String(job.attempts));
  set(row, '.processing', ms(job.processingMs));
  set(row, '.e2e', ms(job.endToEndMs));
  set(row, '.webhook', webhookText(job.webhook));

  const noPreview = row.querySelector('.thumbs .original');
  if (job.links.preview && noPreview) noPreview.replaceWith(originalThumb(job));
  const placeholder = row.querySelector('.thumbs .result');
  if (job.links.result && placeholder) {
    placeholder.replaceWith(thumb(job.links.result, `Result of ${job.originalFileName ?? job.id}`));
    if (job.renditions?.some(r => r.url)) row.querySelector('.thumbs').append(renditionLinks(job));
  }

  const reason = row.querySelector('.reason');
  const wanted = job.state === 'Failed' ? job.failureReason ?? 'Failed' : '';
  if (reason.dataset.text !== wanted) {
    reason.dataset.text = wanted;
    reason.replaceChildren(...(job.state === 'Failed'
      ? [el('div', {}, wanted), el('button', { type: 'button', class: 'retry', 'aria-label': `Retry job ${shortId(job.id)}`, onclick: () => retry(job.id) }, 'Retry')]
      : []));
  }
}

/** The filter of the table, as the query string GET /jobs and POST /jobs/bulk/{action} both take. */
export function filterQuery() {
  const query = new URLSearchParams();
  if (filter.value) query.set('state', filter.value);
  if (search.value.trim()) query.set('q', search.value.trim());
  if (tenantFilter.value.trim()) query.set('tenant', tenantFilter.value.trim());
  if (batch) query.set('batchId', batch);
  return query;
}

/** Shows one batch's jobs (a batch row's button); the button it shows in the toolbar shows all jobs again. */
export function showBatch(id) {
  batch = id;
  batchFilter.hidden = !id;
  batchFilter.textContent = id ? `Batch ${shortId(id)} ✕` : 'Show all jobs';
  if (id) batchFilter.setAttribute('aria-label', `Showing batch ${shortId(id)} only; show all jobs`);
  else batchFilter.removeAttribute('aria-label');
  page = 1;
  refreshJobs();
  if (id) document.getElementById('jobs-title').focus();
}

async function cancel(id) {
  try {
    await post(`/jobs/${id}/cancel`);
    log(`Cancelled job ${shortId(id)}`, undefined, 'Cancelled');
  } catch (error) {
    log(`Cancel of job ${shortId(id)} refused: ${error.message}`, undefined, 'error');
  }
}

/** A progress event moves the bar of a shown Processing row without reloading the page. */
export function showProgress(id, percent) {
  const bar = rows.get(id)?.querySelector('progress');
  if (bar) bar.value = percent;
}

async function load() {
  const result = await getJson(`/jobs?page=${page}&pageSize=${PageSize}&${filterQuery()}`);
  if (!result.ok) { info.textContent = 'Jobs could not be loaded; retrying.'; return; }
  const { items, total } = result.body;
  pages = Math.max(1, Math.ceil(total / PageSize));
  if (page > pages) { page = pages; return load(); }

  const seen = new Set();
  for (const job of items) {
    const row = rows.get(job.id) ?? createRow(job);
    updateRow(row, job);
    body.append(row); // appending an existing row moves it, so the order follows the page
    seen.add(job.id);
  }
  for (const [id, row] of rows) if (!seen.has(id)) { row.remove(); rows.delete(id); }
  info.textContent = `Page ${page} of ${pages} · ${total.toLocaleString('en')} job${total === 1 ? '' : 's'}`;
  newer.disabled = page <= 1;
  older.disabled = page >= pages;
}

/** At most a few page loads a second however many events arrive (a 1000-job batch sends 3000+). */
export const refreshJobs = throttle(load, 400);

export function setUpJobs() {
  filter.addEventListener('change', () => { page = 1; refreshJobs(); });
  search.addEventListener('input', () => { page = 1; refreshJobs(); });
  tenantFilter.addEventListener('change', () => { page = 1; refreshJobs(); });
  batchFilter.addEventListener('click', () => showBatch(null));
  newer.addEventListener('click', () => { page = Math.max(1, page - 1); refreshJobs(); });
  older.addEventListener('click', () => { page = Math.min(pages, page + 1); refreshJobs(); });
  refreshJobs();
}
