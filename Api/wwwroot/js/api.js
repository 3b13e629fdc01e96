// Small helpers shared by the panels: HTTP with ProblemDetails, formatting, element building.

// The API key (ApiKey mode) lives in this tab's session storage: gone when the tab closes, never sent elsewhere.
const KeyName = 'queues-api-key';
export const apiKey = () => sessionStorage.getItem(KeyName);
export function setApiKey(key) { if (key) sessionStorage.setItem(KeyName, key); else sessionStorage.removeItem(KeyName); }
const withKey = (headers = {}) => (apiKey() ? { ...headers, 'x-api-key': apiKey() } : headers);

/** GET as JSON; returns { ok, status, body } so a panel can degrade on 404 instead of throwing. */
export async function getJson(url) {
  try {
    const response = await fetch(url, { headers: withKey({ accept: 'application/json' }) });
    const body = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, body };
  } catch {
    return { ok: false, status: 0, body: null };
  }
}

/** POST; on failure the message is the ProblemDetails title and detail, which the API always sends. */
export async function post(url, body) {
  const response = await fetch(url, { method: 'POST', body, headers: withKey() });
  const json = await response.json().catch(() => null);
  if (response.ok) return json;
  const message = json?.title ? `${json.title}: ${json.detail ?? ''}` : `HTTP ${response.status}`;
  throw new Error(message.trim());
}

/** An element with attributes and children; strings become text, never HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

// Job ids are UUIDv7: the leading digits are a timestamp shared by a whole batch, the trailing ones are random.
export const shortId = id => `…${id.slice(-8)}`;
export const ms = value => (value === null || value === undefined ? '—' : Math.round(value).toLocaleString('en'));
export const clock = at => new Date(at).toLocaleTimeString('en-GB', { hour12: false });

/** Runs fn at most once per interval, and once more after the last call, so bursts of events cost one refresh. */
export function throttle(fn, interval) {
  let timer = null, again = false;
  return function run() {
    if (timer) { again = true; return; }
    fn();
    timer = setTimeout(() => { timer = null; if (again) { again = false; run(); } }, interval);
  };
}
