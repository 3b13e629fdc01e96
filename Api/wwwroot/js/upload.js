// The upload form: files, an ordered list of operations with their parameters, output format; and demo batches.
import { el, post, shortId } from './api.js';
import { log } from './activity.js';
import { refreshBatches } from './batches.js';

const steps = document.getElementById('steps');
const spec = document.getElementById('spec');
const format = document.getElementById('format');
const quality = document.getElementById('quality');

/** Each operation: its parameters (label, default, kind) and how they become the API's spec, e.g. "resize:320x320:fit". */
const Operations = {
  resize: { params: [['width', 320], ['height', 320], ['fit', 'fit', ['fit', 'cover', 'exact']], ['enlarge', 'no', ['no', 'yes']]],
            spec: ([w, h, fit, enlarge]) => `resize:${w}x${h}:${fit}${enlarge === 'yes' ? ':enlarge' : ''}` },
  crop: { params: [['width', 200], ['height', 200], ['gravity', 'centre', ['centre', 'smart', 'north', 'south', 'east', 'west', 'north-east', 'north-west', 'south-east', 'south-west']]],
          spec: ([w, h, gravity]) => `crop:${w}x${h}:${gravity}` },
  rotate: { params: [['degrees', '90', ['90', '180', '270']]], spec: ([degrees]) => `rotate:${degrees}` },
  flip: { params: [], spec: () => 'flip' },
  flop: { params: [], spec: () => 'flop' },
  grayscale: { params: [], spec: () => 'grayscale' },
  sepia: { params: [], spec: () => 'sepia' },
  blur: { params: [['sigma', 2]], spec: ([sigma]) => `blur:${sigma}` },
  sharpen: { params: [], spec: () => 'sharpen' },
  invert: { params: [], spec: () => 'invert' },
  watermark: { params: [['text', 'Queues', 'text'], ['position', 'bottom-right', ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center']]],
               spec: ([text, position]) => `watermark:${text.replace(/[,:]/g, ' ')}:position=${position}` },
};

let nextId = 0;

function addStep(kind) {
  const id = `step-${nextId++}`;
  const inputs = Operations[kind].params.map(([name, value, type]) => {
    const inputId = `${id}-${name}`;
    const input = Array.isArray(type)
      ? el('select', { id: inputId, 'data-param': name }, type.map(option => el('option', { selected: option === value }, option)))
      : el('input', { id: inputId, 'data-param': name, value, type: type === 'text' ? 'text' : 'number', class: type === 'text' ? 'text' : null, min: type ? null : 0 });
    return el('span', { class: 'param' }, el('label', { for: inputId }, name), ' ', input);
  });
  const move = (label, direction) => el('button', { type: 'button', 'aria-label': `${label} ${kind} step`, onclick: () => {
    const item = document.getElementById(id);
    if (direction < 0 && item.previousElementSibling) item.previousElementSibling.before(item);
    if (direction > 0 && item.nextElementSibling) item.nextElementSibling.after(item);
    item.querySelector('button')?.focus();
    render();
  } }, label);
  const remove = el('button', { type: 'button', 'aria-label': `Remove ${kind} step`, onclick: () => { document.getElementById(id).remove(); render(); } }, 'Remove');
  steps.append(el('li', { id, 'data-kind': kind }, el('span', { class: 'name' }, kind), ...inputs,
    el('span', { class: 'param' }, move('Up', -1), ' ', move('Down', 1), ' ', remove)));
  render();
}

/** The operations as the API reads them; the output format goes last as "format:jpeg:85". */
export function operations() {
  const parts = [...steps.children].map(item => {
    const values = [...item.querySelectorAll('[data-param]')].map(input => input.value.trim());
    return Operations[item.dataset.kind].spec(values);
  });
  parts.push(`format:${format.value}:${quality.value || 85}`);
  return parts.join(',');
}

// A zero-width space after each comma lets a long list wrap between operations rather than inside one.
function render() { spec.value = operations().replaceAll(',', ',\u200b'); }

async function upload(event) {
  event.preventDefault();
  const status = document.getElementById('upload-status');
  const files = [...document.getElementById('file').files];
  if (files.length === 0) { status.textContent = 'Choose an image first.'; status.className = 'status error'; return; }
  status.className = 'status';
  status.textContent = `Uploading ${files.length} file(s)…`;
  // One file is a job; several are one batch (POST /batches), told once when all have ended.
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  const named = renditions();
  if (named.length > 0) named.forEach(r => form.append('rendition', r));
  else form.append('operations', operations());
  try {
    if (files.length === 1) {
      const job = await post('/jobs', form);
      log(`Uploaded ${files[0].name} as job ${shortId(job.id)}`, undefined, 'upload');
    } else {
      const { batch } = await post('/batches', form);
      log(`Uploaded ${files.length} files as batch ${shortId(batch.id)}`, undefined, 'upload');
      refreshBatches();
    }
    status.textContent = `Uploaded ${files.length} file(s).`;
  } catch (error) {
    status.textContent = error.message;
    status.className = 'status error';
  }
}

/** One NAME=OPERATIONS per non-empty line of the renditions box; when any is given they replace the steps above. */
function renditions() {
  return document.getElementById('renditions').value.split('\n').map(line => line.trim()).filter(line => line.length > 0);
}

async function createDemoJobs(event) {
  event.preventDefault();
  const status = document.getElementById('demo-status');
  const button = document.getElementById('demo-button');
  const count = Number(document.getElementById('demo-count').value);
  button.disabled = true;
  status.className = 'status';
  status.textContent = `Queueing ${count} demo jobs…`;
  try {
    const result = await post(`/jobs/batch?count=${count}&operations=${encodeURIComponent(operations())}`);
    status.textContent = `Queued ${result.count} demo jobs.`;
    log(`Queued ${result.count} demo jobs`, undefined, 'upload');
  } catch (error) {
    status.textContent = error.message;
    status.className = 'status error';
  } finally {
    button.disabled = false;
  }
}

export function setUpUpload() {
  addStep('resize');
  addStep('grayscale');
  document.getElementById('add-step').addEventListener('click', () => addStep(document.getElementById('add-kind').value));
  steps.addEventListener('input', render);
  format.addEventListener('change', render);
  quality.addEventListener('input', render);
  document.getElementById('upload-form').addEventListener('submit', upload);
  document.getElementById('demo-form').addEventListener('submit', createDemoJobs);
}
