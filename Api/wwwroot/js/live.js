// The live charts over GET /live (the Api samples every 2 s and keeps the last 5 minutes): process-image depth,
// completions per second, workers online, p95 end-to-end; the lab's markers on each. Made to be read on a projector.
import { getJson, ms } from './api.js';
import { draw } from './charts.js';
import { currentMarkers, refreshMarkers } from './markers.js';

const one = value => (value === null || value === undefined ? '—' : (Math.round(value * 10) / 10).toLocaleString('en'));

const depthCaption = {
  rabbitmq: 'process-image queue: ready (solid), unacked (dashed)',
  'jobs-table': 'Jobs queued (solid), processing (dashed): from the jobs table, as standalone\'s in-memory bus has no queue to ask',
};

export async function refreshLive() {
  const result = await getJson('/live');
  if (!result.ok) return;
  const { intervalSeconds, windowSeconds, rateWindowSeconds, depthSource, samples } = result.body;
  if (samples.length === 0) return;
  // The server's clock, not this browser's: the samples and the markers carry its times.
  const step = intervalSeconds * 1000;
  const to = Date.parse(samples.at(-1).at) + step / 2;
  const from = to - windowSeconds * 1000;
  await refreshMarkers(from);

  // A fixed grid over the window: before the first sample (an Api started a minute ago) the charts stay empty, not stretched.
  const slots = Array.from({ length: Math.round(windowSeconds / intervalSeconds) }, (_, i) => ({ start: from + i * step, sample: null }));
  // Placed by rounding from the newest, so a sample a few ms late or early keeps its own slot.
  const last = Date.parse(samples.at(-1).at);
  for (const sample of samples) {
    const i = slots.length - 1 + Math.round((Date.parse(sample.at) - last) / step);
    if (i >= 0 && i < slots.length) slots[i].sample = sample;
  }
  const values = pick => slots.map(slot => (slot.sample ? pick(slot.sample) ?? null : null));
  const options = { span: { from, to }, markers: currentMarkers(), live: true };

  document.getElementById('live-depth-caption').textContent = depthCaption[depthSource] ?? depthCaption.rabbitmq;
  draw(document.getElementById('live-depth'), slots,
    [{ values: values(s => s.ready), kind: 'line' }, { values: values(s => s.unacked), kind: 'line', cls: 'processing' }],
    `${depthCaption[depthSource] ?? ''}, every ${intervalSeconds} s`, options);
  draw(document.getElementById('live-rate'), slots, [{ values: values(s => s.completedPerSecond), kind: 'bar' }],
    `Jobs completed per second, averaged over ${rateWindowSeconds} s`, options);
  draw(document.getElementById('live-workers'), slots, [{ values: values(s => s.workersOnline), kind: 'line' }],
    'Workers online (heartbeats arriving)', options);
  draw(document.getElementById('live-p95'), slots, [{ values: values(s => s.p95EndToEndMs), kind: 'line' }],
    `p95 end-to-end in ms, of the jobs completed in the last ${rateWindowSeconds} s`, options);

  const now = samples.at(-1);
  document.getElementById('live-summary').textContent =
    `Now: ${now.ready ?? '—'} ready, ${now.unacked ?? '—'} unacked · ${one(now.completedPerSecond)} jobs/s · `
    + `${now.workersOnline} worker(s) online · p95 ${ms(now.p95EndToEndMs)} ms`;
}
