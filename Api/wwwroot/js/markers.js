// The lab's actions (a worker killed, the broker stopped), from GET /lab/markers: drawn on every chart, named once in the
// activity feed. Outside lab mode that path is 404: then there are no markers, and nothing is said about it.
import { getJson } from './api.js';
import { log } from './activity.js';

let labMode = true;
let markers = [];
const named = new Set();

export const currentMarkers = () => markers;

/** Reads the markers after `since` (ms since the epoch); stops asking once the Api says it is not in lab mode. */
export async function refreshMarkers(since) {
  if (!labMode) return;
  const result = await getJson(`/lab/markers?since=${encodeURIComponent(new Date(since).toISOString())}`);
  if (result.status === 404) { labMode = false; markers = []; return; }
  if (!result.ok || !Array.isArray(result.body)) return;
  markers = result.body;
  for (const marker of markers) {
    const key = `${marker.at} ${marker.label}`;
    if (!named.has(key)) {
      named.add(key);
      log(`Lab: ${marker.label}${marker.detail ? ` (${marker.detail})` : ''}`, marker.at, 'lab');
    }
    // How long the system took to deliver again: the first completion after the action, once there is one.
    const after = marker.firstCompletionAfterSeconds;
    if (after === null || after === undefined || named.has(`${key} recovered`)) continue;
    named.add(`${key} recovered`);
    log(`Lab: first completion ${after.toFixed(1)} s after "${marker.label}"`, undefined, 'lab');
  }
}
