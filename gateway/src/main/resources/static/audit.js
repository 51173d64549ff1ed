// The audit log (filters, paging) and the replay of the read models with its progress (God).
import { h, append, replace, field, td, table, timeElement, formatTime } from './dom.js';
import { api, get, ApiError } from './api.js';
import { can, session, announce, report, showProblem, clearFieldErrors, showFieldError, pager, badge } from './ui.js';

const PAGE_SIZE = 50;
const REPLAY_POLL_MS = 1000;
const FILTERS = ['aggregate', 'actor', 'brand', 'type', 'from', 'to'];

/** "2026-01-31T12:00" (local, from datetime-local) → ISO instant; ISO instants pass through. */
function toInstant(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO instant → the local "YYYY-MM-DDTHH:MM" a datetime-local input shows. */
function toLocalInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function auditView({ root, params, setQuery }) {
  const state = { page: Math.max(0, parseInt(params.get('page') || '0', 10) || 0) };
  for (const name of FILTERS) state[name] = params.get(name) || '';
  const brandFilter = can('audit.brandFilter');
  if (!brandFilter) state.brand = '';
  let abort = null;
  let replayTimer = null;
  let replayStopped = false;
  let replay = null;

  const filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the audit log', novalidate: true, dataset: { testid: 'audit-filters' } },
    field({ id: 'audit-filter-aggregate', name: 'aggregate', label: 'Aggregate', value: state.aggregate, testid: 'audit-filter-aggregate', hint: 'brand:ID or an address id', attrs: { type: 'search', maxlength: 100, spellcheck: 'false' } }),
    field({ id: 'audit-filter-actor', name: 'actor', label: 'Actor', value: state.actor, testid: 'audit-filter-actor', attrs: { type: 'search', maxlength: 100, spellcheck: 'false' } }),
    brandFilter ? field({ id: 'audit-filter-brand', name: 'brand', label: 'Brand', value: state.brand, testid: 'audit-filter-brand', attrs: { type: 'search', maxlength: 64, spellcheck: 'false' } }) : null,
    field({ id: 'audit-filter-type', name: 'type', label: 'Event type', value: state.type, testid: 'audit-filter-type', hint: 'e.g. ProviderAddressSetEvent', attrs: { type: 'search', maxlength: 100, spellcheck: 'false' } }),
    field({ id: 'audit-filter-from', name: 'from', label: 'From (local time)', type: 'datetime-local', value: toLocalInput(state.from), testid: 'audit-filter-from' }),
    field({ id: 'audit-filter-to', name: 'to', label: 'To (local time)', type: 'datetime-local', value: toLocalInput(state.to), testid: 'audit-filter-to' }),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary', dataset: { testid: 'audit-filter-apply' } }, 'Filter'),
      h('button', {
        type: 'button', class: 'secondary', dataset: { testid: 'audit-filter-clear' },
        onclick: () => { for (const el of filterForm.elements) if (el.name) el.value = ''; apply(); },
      }, 'Clear')));
  const apply = () => {
    clearFieldErrors(filterForm);
    let valid = true;
    for (const name of FILTERS) {
      const input = filterForm.elements.namedItem(name);
      if (!input) continue;
      if (name === 'from' || name === 'to') {
        const instant = toInstant(input.value);
        if (instant === null) {
          showFieldError(filterForm, name, 'is not a date and time');
          valid = false;
        } else {
          state[name] = instant;
        }
      } else {
        state[name] = input.value.trim();
      }
    }
    if (!valid) return;
    state.page = 0;
    load();
  };
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  const list = h('div', { class: 'list', dataset: { testid: 'audit-list' } });

  append(root, [
    h('div', { class: 'view-head' }, h('h1', { id: 'view-title', tabindex: '-1' }, 'Audit log')),
    session.me.role === 'BRAND_ADMIN' ? h('p', { class: 'hint' }, `The events of brand ${session.me.brand}, newest first.`) : null,
    can('replay.start') ? replaySection() : null,
    h('section', { class: 'panel', 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Events, newest first'), filterForm, list)]);

  async function load() {
    const query = { page: state.page || '' };
    for (const name of FILTERS) query[name] = state[name];
    setQuery(new URLSearchParams(query));
    if (abort) abort.abort();
    abort = new AbortController();
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await get('/api/audit', { query: { ...query, page: state.page, size: PAGE_SIZE }, signal: abort.signal, waitFor: true });
      replace(list,
        table({
          caption: 'Audit log',
          columns: ['Time', 'Actor', 'Aggregate', 'Seq', 'Event', 'Payload'],
          testid: 'audit-table',
          empty: 'No events match.',
          rows: page.items.map((e) => h('tr', { dataset: { testid: 'audit-row', eventId: e.id, type: e.type } },
            td('Time', timeElement(e.time)),
            td('Actor', actorText(e.actor)),
            td('Aggregate', h('code', null, e.aggregate)),
            td('Seq', String(e.sequence)),
            td('Event', e.type, e.revision ? h('span', { class: 'muted' }, ` rev ${e.revision}`) : null),
            td('Payload', payload(e.payload)))),
        }),
        pager({ page: page.page, size: page.size, total: page.total, label: 'Audit pages', testid: 'audit-pager', onPage: (n) => { state.page = n; load(); } }));
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error instanceof ApiError && error.status === 400) showProblem(error, { form: filterForm });
      else report(error);
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  function actorText(actor) {
    if (!actor) return '—';
    return [h('span', null, actor.subject), h('span', { class: 'muted' }, ` (${actor.role}${actor.brand ? `, ${actor.brand}` : ''})`)];
  }

  function payload(value) {
    if (value == null) return '—';
    const text = JSON.stringify(value, null, 2);
    const short = JSON.stringify(value);
    if (short.length <= 60) return h('code', { class: 'payload' }, short);
    return h('details', null, h('summary', null, h('code', { class: 'payload' }, `${short.slice(0, 57)}…`)), h('pre', { class: 'payload' }, text));
  }

  // ---- replay (God) ----

  function replaySection() {
    const progress = h('progress', { id: 'replay-progress', max: 1, value: 0, 'aria-labelledby': 'replay-title', dataset: { testid: 'replay-progress' } });
    const status = h('p', { id: 'replay-status', role: 'status', 'aria-live': 'polite', dataset: { testid: 'replay-status' } }, '…');
    const button = h('button', { type: 'button', class: 'primary', id: 'replay-start', dataset: { testid: 'replay-start' }, onclick: () => startReplay() }, 'Replay');
    replay = { progress, status, button };
    return h('section', { class: 'panel', 'aria-labelledby': 'replay-title', dataset: { testid: 'replay-section' } },
      h('h2', { id: 'replay-title' }, 'Rebuild the read models'),
      h('p', { class: 'hint' }, 'Replays the whole event history into fresh read models while the current ones keep answering.'),
      h('div', { class: 'replay-row' }, button, progress), status);
  }

  function renderReplay(s) {
    const running = s.state === 'RUNNING';
    replay.button.disabled = running;
    replay.progress.max = Math.max(1, s.total || 0);
    replay.progress.value = running || s.state === 'DONE' ? Math.min(s.done || 0, replay.progress.max) : 0;
    if (s.state === 'DONE' && !s.total) replay.progress.value = replay.progress.max;
    const percent = s.total ? Math.floor((100 * (s.done || 0)) / s.total) : (s.state === 'DONE' ? 100 : 0);
    replay.progress.textContent = `${percent} %`;
    replay.progress.setAttribute('aria-valuetext', `${percent} %`);
    const parts = [];
    if (s.state === 'NEVER') parts.push('No replay has run since the service started.');
    if (running) {
      parts.push(`Running (generation ${s.generation}): ${s.done} of ${s.total} (${percent} %), ${s.ratePerSecond}/s`);
      if (s.etaSeconds != null) parts.push(`about ${s.etaSeconds} s left`);
    }
    if (s.state === 'DONE') parts.push(`Done (generation ${s.generation}): ${s.total} events, finished ${formatTime(s.finishedAt)}`);
    if (s.state !== 'NEVER' && s.state !== 'RUNNING' && s.state !== 'DONE') parts.push(`${s.state} (generation ${s.generation})`);
    if (s.lastError) parts.push(`last error: ${s.lastError}`);
    replace(replay.status, badge(String(s.state || '').toLowerCase(), s.state === 'RUNNING' ? 'info' : s.lastError ? 'warn' : 'ok', 'replay-state'), ' ', parts.join('; '));
    return running;
  }

  async function pollReplay() {
    clearTimeout(replayTimer);
    if (replayStopped) return;
    try {
      const status = await get('/api/replay');
      if (renderReplay(status)) {
        replay.running = true;
        replayTimer = setTimeout(pollReplay, REPLAY_POLL_MS);
      } else if (status.state === 'DONE' && replay.running) {
        replay.running = false;
        announce('Replay done.');
        load();
      }
    } catch (error) {
      report(error);
    }
  }

  async function startReplay() {
    replay.button.disabled = true;
    try {
      const { data } = await api('/api/replay', { method: 'POST' });
      replay.running = true;
      announce('Replay started.');
      if (data) renderReplay(data);
      replayTimer = setTimeout(pollReplay, REPLAY_POLL_MS);
    } catch (error) {
      replay.button.disabled = false;
      showProblem(error);
    }
  }

  load();
  if (replay) pollReplay();
  return {
    refresh: () => load(),
    unmount: () => {
      replayStopped = true;
      clearTimeout(replayTimer);
      if (abort) abort.abort();
    },
  };
}
