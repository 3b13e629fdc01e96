// The tenants panel, from GET /tenants: who is waiting, who is being served, each one's share of the last minute, and
// its weight and cap when it has them.
import { el, getJson } from './api.js';

const body = document.querySelector('#tenants tbody');

function row(tenant) {
  const share = Math.round(tenant.shareOfLastMinute * 100);
  return el('tr', { 'data-tenant': tenant.tenant },
    el('th', { scope: 'row' }, tenant.tenant, settings(tenant)),
    el('td', { class: 'num waiting' }, tenant.waiting.toLocaleString('en')),
    el('td', { class: 'num processing' }, tenant.processing.toLocaleString('en')),
    el('td', { class: 'num completed' }, tenant.completedLastMinute.toLocaleString('en')),
    el('td', { class: 'share' },
      el('span', { class: 'bar', style: `width:${share}%` }), el('span', { class: 'label' }, `${share} %`)));
}

/** Its weight and cap, when it has them (PUT /tenants/{tenant}/settings or Tenants:Overrides). */
function settings(tenant) {
  const parts = [tenant.weight > 1 ? `weight ${tenant.weight}` : null, tenant.maxProcessing ? `at most ${tenant.maxProcessing} processing` : null]
    .filter(Boolean);
  return parts.length ? el('small', { class: 'settings' }, ` (${parts.join(', ')})`) : null;
}

export async function refreshTenants() {
  const result = await getJson('/tenants');
  if (!result.ok) { body.replaceChildren(el('tr', {}, el('td', { colspan: 5 }, 'Tenants could not be loaded.'))); return; }
  body.replaceChildren(...(result.body.length
    ? result.body.map(row)
    : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No tenant has jobs waiting, running or completed in the last minute.'))]));
}
