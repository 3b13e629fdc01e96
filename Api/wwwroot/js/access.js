// Access: in the open mode a plain notice; in ApiKey mode a key prompt, the caller's tenant and role, and the
// operator-only panels (workers, queues, dead letters, charts) hidden from a submitter.
import { getJson, apiKey, setApiKey } from './api.js';

const banner = document.getElementById('access');
const form = document.getElementById('key-form');

/** Resolves to { mode, tenant, role } once the dashboard may run, or null while it waits for a key. */
export async function setUpAccess() {
  const { body } = await getJson('/access');
  if (!body) { banner.textContent = 'Access mode unknown: the Api did not answer.'; return null; }
  if (body.mode === 'None') {
    banner.textContent = 'Open mode: no API key needed, and anyone who can reach this Api can do everything.';
    document.body.dataset.role = 'Operator';
    return { mode: body.mode, tenant: body.tenant, role: 'Operator' };
  }
  if (!body.authenticated) {
    banner.textContent = apiKey() ? 'That key was not accepted. Enter an API key:' : 'This Api needs an API key:';
    setApiKey(null);
    form.hidden = false;
    form.addEventListener('submit', event => {
      event.preventDefault();
      setApiKey(form.elements.key.value.trim());
      location.reload();
    });
    return null;
  }
  document.body.dataset.role = body.role;
  banner.replaceChildren(`Tenant ${body.tenant} (${body.role}) `,
    Object.assign(document.createElement('button'), { type: 'button', textContent: 'Forget key', onclick: () => { setApiKey(null); location.reload(); } }));
  for (const panel of document.querySelectorAll('[data-operator-only]')) panel.hidden = body.role !== 'Operator';
  return { mode: body.mode, tenant: body.tenant, role: body.role };
}
