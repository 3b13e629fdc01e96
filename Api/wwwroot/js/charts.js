// Hand-drawn SVG charts over GET /jobs/timeline: throughput, p95 end-to-end latency, jobs waiting; the lab's markers on each.
import { getJson, clock } from './api.js';
import { showTotals } from './queues.js';
import { currentMarkers } from './markers.js';

const Svg = 'http://www.w3.org/2000/svg';
// Left holds five characters of axis label at the font dashboard.css gives each kind of chart (14px, live 18px).
const Fixed = { W: 600, H: 200, Left: 56, Bottom: 26, Top: 10, Right: 10, CharWidth: 8.5, RowHeight: 16 };
const Live = { W: 600, H: 240, Left: 74, Bottom: 30, Top: 12, Right: 12, CharWidth: 10.5, RowHeight: 19 };

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(Svg, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** 1, 2 or 5 times a power of ten, so the axis reads as a round number. */
function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map(f => f * power).find(candidate => candidate >= value);
}

const format = value => (value >= 100 ? Math.round(value).toLocaleString('en') : String(Math.round(value * 10) / 10));
// The axis has room for five characters left of the plot: 100,000 ms reads 100k, and a quarter 0.25, not 0.3.
const axisLabel = value => (value >= 10000 ? `${format(value / 1000)}k` : value < 1 ? String(Math.round(value * 100) / 100) : format(value));

const LabelRows = 3;

/**
 * Each marker as a vertical line at its time with its label at the top; a label that would overlap the one before it
 * takes the next row down, and labels right of the middle end at their line so they stay inside the chart.
 */
function drawMarkers(chart, markers, { from, to }, { W, H, Left, Top, Right, Bottom, CharWidth, RowHeight }) {
  const ends = new Array(LabelRows).fill(-Infinity);
  for (const marker of markers) {
    const t = Date.parse(marker.at);
    if (!(t >= from && t <= to)) continue;
    const mx = Left + ((t - from) / (to - from)) * (W - Left - Right);
    const width = marker.label.length * CharWidth;
    const rightSide = mx > (Left + W - Right) / 2;
    const [start, end] = rightSide ? [mx - 4 - width, mx - 4] : [mx + 4, mx + 4 + width];
    let row = ends.findIndex(e => e < start);
    if (row < 0) row = ends.indexOf(Math.min(...ends));
    ends[row] = end;
    const group = svg('g', { class: 'marker', 'data-label': marker.label });
    group.append(svg('title', {}, marker.detail ? `${clock(marker.at)} ${marker.label}: ${marker.detail}` : `${clock(marker.at)} ${marker.label}`));
    group.append(svg('line', { x1: mx, x2: mx, y1: Top, y2: H - Bottom }));
    group.append(svg('text', { x: rightSide ? mx - 4 : mx + 4, y: Top + (row + 1) * RowHeight - 4, 'text-anchor': rightSide ? 'end' : 'start' }, marker.label));
    chart.append(group);
  }
}

/**
 * series: [{ values, kind: 'bar' | 'line', cls }]; null values leave a gap in a line. span: the times (ms) the x axis
 * covers, for the markers. live: the chart keeps its proportions, so its text grows with its width on a projector.
 */
export function draw(container, buckets, series, label, { span, markers = [], live = false } = {}) {
  const geometry = live ? Live : Fixed;
  const { W, H, Left, Bottom, Top, Right } = geometry;
  const max = niceMax(Math.max(0, ...series.flatMap(s => s.values.filter(v => v !== null))));
  const step = (W - Left - Right) / buckets.length;
  const x = i => Left + i * step;
  const y = v => H - Bottom - (v / max) * (H - Bottom - Top);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: live ? 'chart live' : 'chart', role: 'img', 'aria-label': label,
    preserveAspectRatio: live ? 'xMidYMid meet' : 'none' });
  chart.append(svg('title', {}, label));
  for (const tick of [0, max / 2, max]) {
    chart.append(svg('line', { class: 'axis', x1: Left, x2: W - Right, y1: y(tick), y2: y(tick) }));
    chart.append(svg('text', { x: Left - 6, y: y(tick) + 5, 'text-anchor': 'end' }, axisLabel(tick)));
  }
  chart.append(svg('text', { x: Left, y: H - 6 }, clock(buckets[0].start)));
  chart.append(svg('text', { x: W - Right, y: H - 6, 'text-anchor': 'end' }, 'now'));
  for (const s of series) {
    if (s.kind === 'bar') {
      s.values.forEach((v, i) => { if (v > 0) chart.append(svg('rect', { class: `bar ${s.cls ?? ''}`, x: x(i) + 1, y: y(v), width: Math.max(1, step - 2), height: H - Bottom - y(v) })); });
      continue;
    }
    let path = '';
    s.values.forEach((v, i) => {
      if (v === null) return;
      path += `${path && s.values[i - 1] !== null ? 'L' : 'M'}${x(i) + step / 2},${y(v)} `;
      // A dot only where something happened, or a quiet minute becomes a row of beads; none on a dense live line.
      if (v > 0 && !live) chart.append(svg('circle', { class: 'dot', cx: x(i) + step / 2, cy: y(v), r: 3 }));
    });
    if (path) chart.append(svg('path', { class: `line ${s.cls ?? ''}`, d: path }));
  }
  if (span) drawMarkers(chart, markers, span, geometry);
  container.replaceChildren(chart);
}

export async function refreshCharts() {
  const result = await getJson('/jobs/timeline?minutes=10');
  if (!result.ok) return;
  const { buckets, bucketSeconds, totals, from, to } = result.body;
  showTotals(totals);
  const marked = { span: { from: Date.parse(from), to: Date.parse(to) }, markers: currentMarkers() };
  const perSecond = buckets.map(b => b.completed / bucketSeconds);
  const p95 = buckets.map(b => b.p95EndToEndMs);
  const waiting = buckets.map(b => b.waiting);
  draw(document.getElementById('chart-throughput'), buckets,
    [{ values: perSecond, kind: 'bar' }, { values: buckets.map(b => b.failed / bucketSeconds), kind: 'bar', cls: 'failed' }],
    'Completed jobs per second (failed in red), per 10 s bucket', marked);
  draw(document.getElementById('chart-latency'), buckets, [{ values: p95, kind: 'line' }], 'p95 end-to-end latency in ms, per 10 s bucket', marked);
  draw(document.getElementById('chart-depth'), buckets,
    [{ values: waiting, kind: 'line' }, { values: buckets.map(b => b.processing), kind: 'line', cls: 'processing' }],
    'Jobs waiting (solid) and processing (dashed)', marked);

  // The newest bucket is still filling, so the summary reads the last complete one.
  const last = buckets.length - 2;
  document.getElementById('chart-summary').textContent = last < 0 ? '' :
    `Last complete 10 s: ${format(perSecond[last])} jobs/s, p95 end-to-end ${p95[last] === null ? '—' : format(p95[last]) + ' ms'}; `
    + `now ${waiting.at(-1)} waiting, ${buckets.at(-1).processing} processing.`;
}
