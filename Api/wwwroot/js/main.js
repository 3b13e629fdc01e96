// Wires the panels to the live event stream (GET /events) and to slow timers for what events do not carry.
import { el, throttle, shortId, apiKey } from './api.js';
import { setUpAccess } from './access.js';
import { log } from './activity.js';
import { setUpUpload } from './upload.js';
import { setUpJobs, refreshJobs, showProgress } from './jobs.js';
import { refreshBatches } from './batches.js';
import { setUpBulk } from './bulk.js';
import { setUpJobPage, openJob } from './jobpage.js';
import { refreshWorkers } from './workers.js';
import { refreshTenants } from './tenants.js';
import { refreshQueues, refreshDeadLetters } from './queues.js';
import { refreshProcessing } from './processing.js';
import { refreshCharts } from './charts.js';
import { refreshLive } from './live.js';
import { setUpLab } from './lab.js';

const connection = document.getElementById('connection');
const charts = throttle(refreshCharts, 2000);
const deadLetters = throttle(refreshDeadLetters, 1000);
const workers = throttle(refreshWorkers, 1000);
const batches = throttle(refreshBatches, 1000);

let operator = true;

function refreshAll() {
  refreshJobs();
  batches();
  if (operator) { workers(); refreshTenants(); refreshProcessing(); refreshQueues(); deadLetters(); charts(); }
}

function status(state, text) {
  connection.dataset.state = state;
  connection.textContent = text;
}

function connect() {
  // EventSource sends no headers: the event stream alone takes the key from the query.
  const source = new EventSource(apiKey() ? `/events?api_key=${encodeURIComponent(apiKey())}` : '/events');
  let wasDown = false;
  source.addEventListener('open', () => {
    status('live', 'Live');
    // Events sent while the stream was down are lost: read everything again.
    if (wasDown) { log('Live updates reconnected', undefined, 'connection'); refreshAll(); }
    wasDown = false;
  });
  source.addEventListener('error', () => {
    if (!wasDown) log('Live updates lost; reconnecting…', undefined, 'connection');
    wasDown = true;
    status('reconnecting', 'Reconnecting…');
    // The browser retries by itself unless the answer was not an event stream at all; then start over.
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
  });
  source.addEventListener('job', event => {
    const change = JSON.parse(event.data);
    // The job's id opens its page; the note names what happened besides the state (a redelivery, a hand-back, a failure's reason).
    const id = el('button', { type: 'button', class: 'id link', title: `Open job ${change.jobId}: its timeline, images and trace`, onclick: () => openJob(change.jobId) }, shortId(change.jobId));
    log(['Job ', id, ` ${change.deleted ? 'deleted' : change.state}`, change.note ? `: ${change.note}` : ''], change.at, change.state);
    refreshJobs();
    // A batch's counts move with its jobs.
    if (change.state !== 'Processing') batches();
    if (operator && (change.state === 'Completed' || change.state === 'Failed')) charts();
    if (operator && (change.state === 'Failed' || change.state === 'Queued')) deadLetters();
  });
  source.addEventListener('progress', event => {
    const change = JSON.parse(event.data);
    showProgress(change.jobId, change.percent);
  });
  source.addEventListener('batch', event => {
    const end = JSON.parse(event.data);
    log(`Batch ${shortId(end.batchId)} ended: ${end.completed} completed, ${end.failed} failed, ${end.cancelled} cancelled`, end.finishedAt,
      end.failed > 0 ? 'Failed' : 'Completed');
    batches();
  });
  source.addEventListener('worker', event => {
    const change = JSON.parse(event.data);
    log(`Worker ${change.workerId} ${change.change}`, change.at, 'worker');
    workers();
  });
}

const access = await setUpAccess();
if (access) {
  operator = access.role === 'Operator';
  log('Dashboard opened: live events appear here, newest first.');
  setUpUpload();
  setUpJobs();
  setUpBulk();
  setUpJobPage();
  refreshAll();
  connect();
  if (operator) {
    setUpLab();
    setInterval(refreshWorkers, 3000);
    setInterval(refreshProcessing, 3000);
    setInterval(refreshTenants, 3000);
    setInterval(refreshQueues, 5000);
    setInterval(charts, 5000);
    refreshLive();
    setInterval(refreshLive, 2000);
    setInterval(deadLetters, 10000);
  }
}
