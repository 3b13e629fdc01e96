// The Lab panel (lab mode only, operators): buttons for the controller's actions (GET/POST/DELETE /lab/…), each showing the
// answer it gave once the action took effect. Hidden unless GET /lab answers 200: outside lab mode it is 404.
import { el, getJson, apiKey, shortId } from './api.js';
import { log } from './activity.js';

const panel = document.getElementById('lab');
const state = document.getElementById('lab-state');
const answer = document.getElementById('lab-answer');
const chosen = document.getElementById('lab-worker');
const node = document.getElementById('lab-node');
const nodeChoice = document.getElementById('lab-node-choice');

/** Any method; the answer's JSON, or an Error with the ProblemDetails' title and detail. */
async function send(method, url) {
  const response = await fetch(url, { method, headers: apiKey() ? { 'x-api-key': apiKey() } : {} });
  const json = await response.json().catch(() => null);
  if (response.ok) return json;
  throw new Error(json?.title ? `${json.title}: ${json.detail ?? ''}`.trim() : `HTTP ${response.status}`);
}

/** What an answer says, in one line a class can read. */
function describe(body) {
  if (body?.jobId) {
    return `Poison sent: the cut-short JPEG's job ${shortId(body.jobId)} ended ${body.state} (${body.failureReason ?? 'no reason'}); `
      + `corrupted.jpg refused with ${body.refusedStatus} ${body.refusedTitle ?? ''}`;
  }
  if (body?.accepted) return `Flood ${body.id}: ${body.count} uploads at ${body.rate}/s started`;
  if (body?.marker) return `${body.marker}${body.worker ? ` (pid ${body.worker.pid})` : ''}`;
  if (body && 'paused' in body) return body.paused ? 'Processing paused' : 'Processing resumed';
  return JSON.stringify(body);
}

async function act(button, method, url) {
  for (const b of panel.querySelectorAll('button')) b.disabled = true;
  answer.dataset.state = 'working';
  answer.textContent = `${button.textContent}…`;
  try {
    const text = describe(await send(method, url));
    answer.dataset.state = 'done';
    answer.textContent = text;
    log(`Lab: ${text}`, undefined, 'worker');
  } catch (error) {
    answer.dataset.state = 'error';
    answer.textContent = `${button.textContent} failed: ${error.message}`;
    log(`Lab: ${answer.textContent}`, undefined, 'error');
  } finally {
    for (const b of panel.querySelectorAll('button')) b.disabled = false;
    refreshLab();
  }
}

const worker = () => encodeURIComponent(chosen.value);
// On a cluster the broker's buttons stop and start the chosen node alone.
const onNode = () => (nodeChoice.hidden ? '' : `?node=${encodeURIComponent(node.value)}`);
const actions = {
  'lab-kill-busiest': ['DELETE', () => '/lab/workers/busiest?signal=kill'],
  'lab-kill': ['DELETE', () => `/lab/workers/${worker()}?signal=kill`],
  'lab-term': ['DELETE', () => `/lab/workers/${worker()}?signal=term`],
  'lab-add': ['POST', () => '/lab/workers'],
  'lab-restart': ['POST', () => `/lab/workers/${worker()}/concurrency?value=${document.getElementById('lab-concurrency').value}`],
  'lab-broker-stop': ['POST', () => `/lab/broker/stop${onNode()}`],
  'lab-broker-start': ['POST', () => `/lab/broker/start${onNode()}`],
  'lab-storage-stop': ['POST', () => '/lab/storage/stop'],
  'lab-storage-start': ['POST', () => '/lab/storage/start'],
  'lab-poison': ['POST', () => '/lab/poison'],
  'lab-flood': ['POST', () => `/lab/flood?count=${document.getElementById('lab-count').value}&rate=${document.getElementById('lab-rate').value}`],
  'lab-pause': ['POST', () => '/processing/pause'],
  'lab-resume': ['POST', () => '/processing/resume'],
};

function show(view) {
  const up = service => el('span', { class: `badge ${service.up ? 'online' : 'offline'}` }, `${service.name} ${service.up ? 'UP' : 'DOWN'}`);
  state.replaceChildren(up(view.broker), ' ', ...view.brokerNodes.flatMap(n => [up(n), ' ']), up(view.storage), ' ',
    ...view.workers.flatMap(w => [el('span', { class: `badge ${w.alive ? 'online' : 'offline'}`, title: `pid ${w.pid}` },
      `${w.id} ${w.alive ? `${w.concurrency ? `· ${w.concurrency} at once ` : ''}· ${w.inFlight} held` : 'gone'}`), ' ']));
  nodeChoice.hidden = view.brokerNodes.length === 0;
  if (node.options.length !== view.brokerNodes.length) {
    node.replaceChildren(...view.brokerNodes.map((n, i) => el('option', { value: `${i + 1}` }, n.name)));
  }
  const keep = chosen.value;
  chosen.replaceChildren(...view.workers.filter(w => w.alive).map(w => el('option', { value: w.id }, w.id)));
  if ([...chosen.options].some(o => o.value === keep)) chosen.value = keep;
}

export async function refreshLab() {
  const result = await getJson('/lab');
  panel.hidden = !result.ok;
  if (result.ok) show(result.body);
  return result.ok;
}

export async function setUpLab() {
  if (!await refreshLab()) return;
  for (const [id, [method, url]] of Object.entries(actions)) {
    const button = document.getElementById(id);
    button.addEventListener('click', () => act(button, method, url()));
  }
  setInterval(refreshLab, 3000);
}
