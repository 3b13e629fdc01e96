// The activity log: the latest events, newest first, bounded so a long demo does not grow the page.
import { el, clock } from './api.js';

const MaxEntries = 200;
const list = document.getElementById('activity');

export function log(text, at = new Date().toISOString(), kind = '') {
  list.prepend(el('li', { class: kind }, el('time', { datetime: at }, clock(at)), text));
  while (list.childElementCount > MaxEntries) list.lastElementChild.remove();
}
