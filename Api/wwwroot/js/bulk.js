// Bulk retry / cancel / delete over the table's filter: the first request counts, the person confirms that count,
// and the second request acts only if the filter still matches exactly that many (else the API answers 409).
import { post } from './api.js';
import { log } from './activity.js';
import { filterQuery, refreshJobs } from './jobs.js';

async function bulk(action) {
  const query = filterQuery();
  try {
    const { matched } = await post(`/jobs/bulk/${action}?${query}`);
    if (matched === 0) { log(`No job matches the filter for ${action}`, undefined, 'error'); return; }
    if (!window.confirm(`${action[0].toUpperCase()}${action.slice(1)} ${matched} job${matched === 1 ? '' : 's'}?`)) return;
    query.set('confirm', matched);
    const { acted } = await post(`/jobs/bulk/${action}?${query}`);
    log(`${action}: ${acted} of ${matched} jobs`, undefined, action === 'delete' ? 'error' : 'retry');
    refreshJobs();
  } catch (error) {
    log(`Bulk ${action} refused: ${error.message}`, undefined, 'error');
  }
}

export function setUpBulk() {
  for (const button of document.querySelectorAll('[data-bulk]')) button.addEventListener('click', () => bulk(button.dataset.bulk));
}
