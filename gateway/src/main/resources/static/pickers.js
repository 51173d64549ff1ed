// Choosers shared by the views.

import { h, replace, field, debounce } from './dom.js';
import { get } from './api.js';
import { report } from './ui.js';

const PICKER_SIZE = 50;

/**
 * An address chooser over the whole address list: a name search and a select of the matches
 * (the list can be long, so it is searched rather than listed whole).
 */
export function addressPicker({ idPrefix, name, label, testidPrefix, exclude = () => new Set() }) {
  const search = h('input', { type: 'search', maxlength: 100, autocomplete: 'off' });
  const select = h('select', null);
  const note = h('p', { class: 'hint', 'aria-live': 'polite' });
  let abort = null;
  const reload = async () => {
    if (abort) abort.abort();
    abort = new AbortController();
    const chosen = select.value;
    try {
      const page = await get('/api/addresses', { query: { name: search.value, size: PICKER_SIZE }, signal: abort.signal });
      const excluded = exclude();
      const options = page.items.filter((a) => !excluded.has(a.id) && a.state !== 'RETIRING');
      replace(select, options.length
        ? options.map((a) => h('option', { value: a.id, selected: a.id === chosen }, `${a.name} — ${a.ip}`))
        : h('option', { value: '' }, search.value ? 'No address matches' : 'No address left to choose'));
      note.textContent = page.total > page.items.length ? `Showing the first ${page.items.length} of ${page.total} matches; type to narrow.` : '';
    } catch (error) {
      if (error.name !== 'AbortError') report(error);
    }
  };
  search.addEventListener('input', debounce(reload, 300));
  const element = h('div', { class: 'picker' },
    field({ id: `${idPrefix}-search`, name: `${name}Search`, label: 'Find address by name', testid: `${testidPrefix}-search`, control: search }),
    field({ id: `${idPrefix}-select`, name, label, testid: `${testidPrefix}-select`, control: select }),
    note);
  return { element, select, reload };
}

