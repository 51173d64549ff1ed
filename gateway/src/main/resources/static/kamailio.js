// Kamailio: wanted vs live sockets, drift, unbindable addresses, restart, pending changes, last
// reload, parked records; a rebuild (God). Refreshed every few seconds while the page is visible.
import { h, append, replace, td, table, timeElement, formatTime } from './dom.js';
import { api, get } from './api.js';
import { can, announce, report, showProblem, badge } from './ui.js';

const POLL_MS = 3000;
const PARKED_LIMIT = 20;
/** The most provider rows shown at once; the filter narrows a long list. */
const PROVIDER_ROWS = 100;

export function kamailioView({ root }) {
  let timer = null;
  let abort = null;
  let stopped = false;

  const updated = h('p', { class: 'muted', dataset: { testid: 'kamailio-updated' } });
  const summary = h('div', { dataset: { testid: 'kamailio-summary' } });
  const sockets = h('div', { dataset: { testid: 'kamailio-sockets' } });
  const unbindable = h('div', { dataset: { testid: 'kamailio-unbindable' } });
  const providerFilter = h('input', {
    type: 'search', id: 'provider-socket-filter', dataset: { testid: 'provider-socket-filter' }, autocomplete: 'off',
    oninput: () => { if (lastStatus) renderProviders(lastStatus); },
  });
  const providers = h('div', { dataset: { testid: 'kamailio-provider-sockets' } });
  let lastStatus = null;
  const parked = h('div', { dataset: { testid: 'kamailio-parked' } });
  const rebuild = can('kamailio.rebuild') ? h('button', {
    type: 'button', class: 'primary', id: 'kamailio-rebuild', dataset: { testid: 'kamailio-rebuild' }, onclick: () => startRebuild(),
  }, 'Rebuild desired state') : null;

  append(root, [
    h('div', { class: 'view-head' },
      h('h1', { id: 'view-title', tabindex: '-1' }, 'Kamailio'),
      rebuild ? h('div', { class: 'head-actions' }, rebuild,
        h('p', { class: 'hint' }, 'Rebuilds from the beginning of the event topics beside the applied state, then applies only what differs.')) : null),
    updated,
    h('section', { class: 'panel', 'aria-labelledby': 'kamailio-state-title' }, h('h2', { id: 'kamailio-state-title' }, 'State'), summary),
    h('section', { class: 'panel', 'aria-labelledby': 'kamailio-sockets-title' }, h('h2', { id: 'kamailio-sockets-title' }, 'Sockets: wanted vs live'), sockets),
    h('section', { class: 'panel', 'aria-labelledby': 'kamailio-providers-title' },
      h('h2', { id: 'kamailio-providers-title' }, 'Carrier and DDI provider sockets'),
      h('p', { class: 'hint' }, 'The socket Kamailio sends each provider\'s traffic from (its htable entry).'),
      h('div', { class: 'field' }, h('label', { for: 'provider-socket-filter' }, 'Provider id contains'), providerFilter),
      providers),
    h('section', { class: 'panel', 'aria-labelledby': 'kamailio-unbindable-title' }, h('h2', { id: 'kamailio-unbindable-title' }, 'Unbindable addresses'), unbindable),
    h('section', { class: 'panel', 'aria-labelledby': 'kamailio-parked-title' }, h('h2', { id: 'kamailio-parked-title' }, 'Parked events'), parked)]);

  function yesNo(value, goodWhen, testid) {
    const good = value === goodWhen;
    return badge(value ? 'yes' : 'no', good ? 'ok' : 'warn', testid);
  }

  function renderStatus(s) {
    const feed = s.feed || {};
    const rows = [
      ['Caught up with the events', yesNo(Boolean(feed.caughtUp), true, 'kamailio-caught-up')],
      ['Pending changes', yesNo(Boolean(s.pendingChanges), false, 'kamailio-pending')],
      ['Restart required', yesNo(Boolean(s.restartRequired), false, 'kamailio-restart-required')],
      ['Rebuild running', feed.rebuilding ? badge('running', 'info', 'kamailio-rebuilding') : badge('no', 'neutral', 'kamailio-rebuilding')],
      ['Table drift at the last reconciliation', h('span', { dataset: { testid: 'kamailio-drift' } }, String(s.tableDrift ?? 0))],
      ['Last reload', h('span', { dataset: { testid: 'kamailio-last-reload' } }, timeElement(s.lastReloadAt))],
      ['Last result', h('span', { dataset: { testid: 'kamailio-last-result' } }, s.lastResult || '—')],
      ['Reloads / key changes / restarts (since start)', `${s.reloads ?? 0} / ${s.keyChanges ?? 0} / ${s.restarts ?? 0}`],
      ['Started from', feed.startedFrom || '—'],
      ['Applied position', h('span', { dataset: { testid: 'kamailio-position' } }, positions(feed.positions))],
      ['Parked records', String(feed.parkedRecords ?? 0)],
    ];
    replace(summary, h('dl', { class: 'facts' }, rows.map(([term, value]) => [h('dt', null, term), h('dd', null, value)])));

    const wanted = new Set(s.wantedSockets || []);
    const liveSet = new Set(s.liveSockets || []);
    const all = [...new Set([...(s.wantedSockets || []), ...(s.liveSockets || [])])].sort();
    replace(sockets,
      h('p', null, `${wanted.size} wanted, ${liveSet.size} live, ${(s.missingSockets || []).length} missing, ${(s.unexpectedSockets || []).length} unexpected.`),
      table({
        caption: 'Sockets',
        columns: ['Socket', 'Wanted', 'Live', 'State'],
        testid: 'kamailio-sockets-table',
        empty: 'No sockets.',
        rows: all.map((socket) => {
          const isWanted = wanted.has(socket);
          const isLive = liveSet.has(socket);
          const stateText = isWanted && isLive ? 'ok' : isWanted ? 'missing' : 'unexpected';
          return h('tr', { dataset: { testid: 'socket-row', socket, state: stateText } },
            td('Socket', h('code', null, socket)),
            td('Wanted', isWanted ? 'yes' : 'no'),
            td('Live', isLive ? 'yes' : 'no'),
            td('State', badge(stateText, stateText === 'ok' ? 'ok' : 'warn')));
        }),
      }));

    lastStatus = s;
    renderProviders(s);

    const cannot = s.unbindable || [];
    replace(unbindable, cannot.length
      ? [h('p', null, 'This host cannot bind these addresses; they are left out of the listener files.'),
        h('ul', null, cannot.map((ip) => h('li', { dataset: { testid: 'unbindable-item' } }, h('code', null, ip))))]
      : h('p', { class: 'muted' }, 'None: every address can be bound.'));
  }

  function renderProviders(s) {
    const wanted = providerFilter.value.trim().toLowerCase();
    const rows = [];
    for (const [kind, sockets] of Object.entries(s.providerSockets || {})) {
      for (const [provider, socket] of Object.entries(sockets || {})) {
        if (!wanted || provider.toLowerCase().includes(wanted)) rows.push([kind, provider, socket]);
      }
    }
    const shown = rows.slice(0, PROVIDER_ROWS);
    replace(providers,
      h('p', null, rows.length > shown.length ? `${rows.length} providers; the first ${shown.length} shown (narrow them with the filter).`
        : `${rows.length} provider${rows.length === 1 ? '' : 's'}.`),
      table({
        caption: 'Provider sockets',
        columns: ['Table', 'Provider', 'Socket'],
        testid: 'kamailio-provider-sockets-table',
        empty: 'No providers.',
        rows: shown.map(([kind, provider, socket]) => h('tr', { dataset: { testid: 'provider-socket-row', kind, providerId: provider, socket } },
          td('Table', kind), td('Provider', h('code', null, provider)), td('Socket', h('code', null, socket)))),
      }));
  }

  function positions(map) {
    if (!map || !Object.keys(map).length) return '—';
    return Object.entries(map).map(([partition, offset]) => `${partition} @ ${offset}`).join(', ');
  }

  function renderParked(list) {
    const items = list.items || [];
    replace(parked,
      h('p', { dataset: { testid: 'kamailio-parked-count' } }, list.count
        ? `${list.count} record${list.count === 1 ? '' : 's'} could not be read or applied and were passed over${list.count > items.length ? ` (the first ${items.length} shown)` : ''}.`
        : 'None.'),
      items.length ? table({
        caption: 'Parked records',
        columns: ['Topic', 'Partition', 'Offset', 'Key', 'Reason', 'Parked at'],
        testid: 'kamailio-parked-table',
        rows: items.map((r) => h('tr', { dataset: { testid: 'parked-row' } },
          td('Topic', r.topic), td('Partition', String(r.partition)), td('Offset', String(r.offset)),
          td('Key', r.key ? h('code', null, r.key) : '—'), td('Reason', r.reason || '—'), td('Parked at', timeElement(r.parkedAt)))),
      }) : null);
  }

  async function load() {
    clearTimeout(timer);
    if (stopped) return;
    if (abort) abort.abort();
    abort = new AbortController();
    try {
      const [status, parkedList] = await Promise.all([
        get('/api/kamailio/status', { signal: abort.signal }),
        get('/api/kamailio/parked', { query: { limit: PARKED_LIMIT }, signal: abort.signal }).catch((error) => {
          if (error.name === 'AbortError') throw error;
          return { error };
        }),
      ]);
      renderStatus(status);
      if (parkedList.error) replace(parked, h('p', null, 'The parked records could not be read.'));
      else renderParked(parkedList);
      updated.textContent = `Updated ${formatTime(new Date().toISOString())}; refreshed every ${POLL_MS / 1000} s while this page is shown.`;
    } catch (error) {
      if (error.name === 'AbortError') return;
      updated.textContent = 'The sync service did not answer; retrying.';
      report(error);
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (!stopped && document.visibilityState === 'visible') timer = setTimeout(load, POLL_MS);
  }

  const onVisibility = () => {
    if (document.visibilityState === 'visible') load();
    else clearTimeout(timer);
  };
  document.addEventListener('visibilitychange', onVisibility);

  async function startRebuild() {
    rebuild.disabled = true;
    try {
      await api('/api/kamailio/rebuild', { method: 'POST' });
      announce('Rebuild of the desired state started.');
      load();
    } catch (error) {
      showProblem(error);
    } finally {
      rebuild.disabled = false;
    }
  }

  load();
  return {
    refresh: () => load(),
    unmount: () => {
      stopped = true;
      clearTimeout(timer);
      if (abort) abort.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
