// Addresses: the filtered, paged list with usage counts and drill-downs; add, edit, remove (God).
import { h, append, replace, field, td, table, debounce, plural } from './dom.js';
import { get, seg, ApiError } from './api.js';
import { change } from './preview.js';
import { addressPicker } from './pickers.js';
import {
  can, mayActFor, announce, report, showProblem, clearFieldErrors, showReasons, clearReasons,
  openDialog, pager, badge,
} from './ui.js';

const PAGE_SIZE = 25;
const USAGE_PAGE_SIZE = 20;
const REMOVAL_POLL_MS = 1000;
const REMOVAL_GIVE_UP_MS = 120000;

/** Usage counts: the projector's `usage`, or counted from the older view's lists. */
export function usageOf(address) {
  if (address.usage) return address.usage;
  const providers = address.providers || [];
  return {
    brands: (address.brands || []).length,
    carriers: providers.filter((p) => p.kind === 'CARRIER').length,
    ddiProviders: providers.filter((p) => p.kind === 'DDI_PROVIDER').length,
  };
}

export function addressesView({ root, params, setQuery }) {
  const state = {
    name: params.get('name') || '',
    ipPrefix: params.get('ipPrefix') || '',
    brand: params.get('brand') || '',
    page: Math.max(0, parseInt(params.get('page') || '0', 10) || 0),
  };
  let abort = null;
  const removals = new Map(); // address id → {timer, started, name, item}

  // ---- add form (God) ----
  let addForm = null;
  if (can('address.write')) {
    addForm = h('form', { class: 'inline-form', id: 'add-address-form', novalidate: true, dataset: { testid: 'add-address-form' }, 'aria-labelledby': 'add-address-title' },
      field({ id: 'add-address-name', name: 'name', label: 'Name', testid: 'add-address-name', attrs: { maxlength: 100, autocomplete: 'off' } }),
      field({ id: 'add-address-ip', name: 'ip', label: 'IP', testid: 'add-address-ip', hint: 'IPv4 or IPv6, e.g. 127.0.0.2', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
      field({ id: 'add-address-advertised-ip', name: 'advertisedIp', label: 'Advertised IP (optional)', testid: 'add-address-advertised-ip', hint: 'Public IP when behind NAT', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary', id: 'add-address-submit', dataset: { testid: 'add-address-submit' } }, 'Add address')));
    addForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(addForm);
      const data = new FormData(addForm);
      const body = { name: data.get('name'), ip: data.get('ip').trim() };
      const advertised = data.get('advertisedIp').trim();
      if (advertised) body.advertisedIp = advertised;
      const submit = addForm.querySelector('[type=submit]');
      submit.disabled = true;
      try {
        const answer = await change('/api/addresses', { method: 'POST', body, title: `Add address ${body.name}?`, applyLabel: 'Add address' });
        if (!answer) return;
        const created = answer.data;
        addForm.reset();
        announce(`Address ${created ? created.name : body.name} added.`);
        addForm.elements.namedItem('name').focus();
        load();
      } catch (error) {
        showProblem(error, { form: addForm });
      } finally {
        submit.disabled = false;
      }
    });
  }

  // ---- filters ----
  const filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter addresses', dataset: { testid: 'address-filters' } },
    field({ id: 'address-filter-name', name: 'name', label: 'Name contains', value: state.name, testid: 'address-filter-name', attrs: { type: 'search', maxlength: 100 } }),
    field({ id: 'address-filter-ip', name: 'ipPrefix', label: 'IP starts with', value: state.ipPrefix, testid: 'address-filter-ip', attrs: { type: 'search', maxlength: 45, spellcheck: 'false' } }),
    field({ id: 'address-filter-brand', name: 'brand', label: 'Brand', value: state.brand, testid: 'address-filter-brand', attrs: { type: 'search', maxlength: 64, spellcheck: 'false' } }),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'secondary', dataset: { testid: 'address-filter-apply' } }, 'Filter'),
      h('button', { type: 'button', class: 'secondary', dataset: { testid: 'address-filter-clear' }, onclick: () => { filterForm.reset(); for (const el of filterForm.elements) if (el.name) el.value = ''; applyFilters(); } }, 'Clear')));
  const applyFilters = () => {
    const data = new FormData(filterForm);
    state.name = data.get('name').trim();
    state.ipPrefix = data.get('ipPrefix').trim();
    state.brand = data.get('brand').trim();
    state.page = 0;
    load();
  };
  const typed = debounce(applyFilters, 300);
  filterForm.addEventListener('input', typed);
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    typed.cancel();
    applyFilters();
  });

  const progressArea = h('div', { class: 'progress-area', role: 'status', 'aria-live': 'polite', dataset: { testid: 'removal-progress' } });
  const reasonsArea = h('div', { class: 'reasons', id: 'removal-reasons', tabindex: '-1', hidden: true, role: 'region', 'aria-label': 'Why the removal was refused', dataset: { testid: 'removal-reasons' } });
  const list = h('div', { class: 'list', dataset: { testid: 'address-list' } });

  append(root, [
    h('div', { class: 'view-head' }, h('h1', { id: 'view-title', tabindex: '-1' }, 'Addresses')),
    addForm ? h('section', { class: 'panel' }, h('h2', { id: 'add-address-title' }, 'Add an address'), addForm) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'address-list-title' },
      h('h2', { id: 'address-list-title' }, 'All addresses'),
      filterForm, progressArea, reasonsArea, list)]);

  // ---- list ----
  async function load() {
    setQuery(new URLSearchParams({ name: state.name, ipPrefix: state.ipPrefix, brand: state.brand, page: state.page ? String(state.page) : '' }));
    if (abort) abort.abort();
    abort = new AbortController();
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await get('/api/addresses', {
        query: { name: state.name, ipPrefix: state.ipPrefix, brand: state.brand, page: state.page, size: PAGE_SIZE },
        signal: abort.signal,
        waitFor: true,
      });
      clearFieldErrors(filterForm);
      if (page.items.length === 0 && state.page > 0 && page.total > 0) {
        state.page = Math.max(0, Math.ceil(page.total / PAGE_SIZE) - 1);
        load();
        return;
      }
      render(page);
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error instanceof ApiError && error.status === 400) {
        clearFieldErrors(filterForm);
        showProblem(error, { form: filterForm });
      } else {
        report(error);
      }
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  function render(page) {
    const columns = ['Name', 'IP', 'Advertised IP', 'State', 'Brands', 'Carriers', 'DDI providers'];
    if (can('address.write')) columns.push('Actions');
    replace(list,
      table({
        caption: 'Addresses',
        columns,
        testid: 'address-table',
        rows: page.items.map(row),
        empty: state.name || state.ipPrefix || state.brand ? 'No address matches these filters.' : 'No addresses yet.',
      }),
      pager({ page: page.page, size: page.size, total: page.total, label: 'Address pages', testid: 'address-pager', onPage: (n) => { state.page = n; load(); } }));
  }

  function row(a) {
    const usage = usageOf(a);
    const retiring = a.state === 'RETIRING' || removals.has(a.id);
    return h('tr', { dataset: { testid: 'address-row', addressId: a.id, main: a.main ? 'true' : null } },
      td('Name',
        h('span', { class: 'address-name', dataset: { testid: 'address-name' } }, a.name),
        a.main ? [' ', badge('main', 'info', 'main-badge')] : null),
      td('IP', h('code', { dataset: { testid: 'address-ip' } }, a.ip)),
      td('Advertised IP', a.advertisedIp ? h('code', { dataset: { testid: 'address-advertised-ip' } }, a.advertisedIp) : h('span', { class: 'muted' }, '—')),
      td('State', retiring ? badge('being removed', 'warn', 'address-state') : badge(a.state === 'ACTIVE' ? 'active' : String(a.state).toLowerCase(), 'ok', 'address-state')),
      td('Brands', usageButton(a, 'brands', usage.brands, 'brand', 'brands')),
      td('Carriers', usageButton(a, 'carriers', usage.carriers, 'carrier', 'carriers')),
      td('DDI providers', usageButton(a, 'ddiProviders', usage.ddiProviders, 'DDI provider', 'DDI providers')),
      can('address.write') ? td('Actions', h('div', { class: 'row-actions' },
        h('button', {
          type: 'button', class: 'secondary small', dataset: { testid: 'edit-address', focusKey: `edit-${a.id}` },
          'aria-label': `Edit ${a.name}`, onclick: () => edit(a),
        }, 'Edit'),
        a.main || retiring ? null : h('button', {
          type: 'button', class: 'danger small', dataset: { testid: 'remove-address', focusKey: `remove-${a.id}` },
          'aria-label': `Remove ${a.name}`, onclick: () => remove(a),
        }, 'Remove'))) : null);
  }

  function usageButton(a, kind, count, one, many) {
    if (!count) return h('span', { class: 'count zero', dataset: { testid: `usage-${kind}` } }, '0');
    return h('button', {
      type: 'button', class: 'link-button count', dataset: { testid: `usage-${kind}`, focusKey: `usage-${kind}-${a.id}` },
      'aria-label': `${plural(count, one, many)} use ${a.name}: show them`, 'aria-haspopup': 'dialog',
      onclick: () => showUsage(a, kind, many),
    }, String(count));
  }

  // ---- edit (God) ----
  function edit(a) {
    openDialog({
      title: `Edit ${a.name}`,
      testid: 'edit-address-dialog',
      build: (close) => {
        const form = h('form', { novalidate: true, dataset: { testid: 'edit-address-form' } },
          field({
            id: 'edit-address-name', name: 'name', label: 'Name', value: a.name, testid: 'edit-address-name',
            hint: a.main ? 'The main address keeps its name.' : null, attrs: { maxlength: 100, disabled: a.main, autocomplete: 'off' },
          }),
          field({ id: 'edit-address-ip', name: 'ip', label: 'IP', value: a.ip, testid: 'edit-address-ip', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
          field({
            id: 'edit-address-advertised-ip', name: 'advertisedIp', label: 'Advertised IP (optional)', value: a.advertisedIp || '',
            testid: 'edit-address-advertised-ip', hint: 'Leave empty for none.', attrs: { autocomplete: 'off', spellcheck: 'false' },
          }),
          h('div', { class: 'dialog-actions' },
            h('button', { type: 'button', class: 'secondary', onclick: () => close() }, 'Cancel'),
            h('button', { type: 'submit', class: 'primary', dataset: { testid: 'edit-address-submit' } }, 'Save')));
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          clearFieldErrors(form);
          const data = new FormData(form);
          const body = {};
          if (!a.main && data.get('name') !== a.name) body.name = data.get('name');
          if (data.get('ip').trim() !== a.ip) body.ip = data.get('ip').trim();
          const advertised = data.get('advertisedIp').trim();
          if (advertised !== (a.advertisedIp || '')) body.advertisedIp = advertised || null;
          if (!Object.keys(body).length) {
            close();
            return;
          }
          try {
            const answer = await change(`/api/addresses/${seg(a.id)}`, { method: 'PATCH', body, title: `Save ${a.name}?`, applyLabel: 'Save' });
            if (!answer) return;
            const changed = answer.data;
            close(true);
            announce(`Address ${changed ? changed.name : a.name} saved.`);
            load();
          } catch (error) {
            showProblem(error, { form });
          }
        });
        return form;
      },
    });
  }

  // ---- remove (God) ----
  async function remove(a) {
    clearReasons(reasonsArea);
    const usage = usageOf(a);
    let query;
    if (usage.carriers + usage.ddiProviders > 0) {
      const fallback = await chooseFallback(a, usage.carriers + usage.ddiProviders);
      if (fallback === undefined) return;
      if (fallback) query = { moveProvidersTo: fallback };
    }
    try {
      // the preview is refused, with the reasons, while a carrier or DDI provider uses the address (and none is
      // moved) or it is a brand's last address
      const answer = await change(`/api/addresses/${seg(a.id)}`, { method: 'DELETE', query, title: `Remove ${a.name}?`, applyLabel: 'Remove address', danger: true });
      if (!answer) return;
      if (answer.status === 202) {
        watchRemoval(a);
      } else {
        announce(`Address ${a.name} removed.`);
      }
      load();
    } catch (error) {
      showProblem(error, { reasonsArea, reasonsTitle: `${a.name} was not removed` });
      load();
    }
  }

  /**
   * Where the providers of an address being removed go: the id of another address (they are moved
   * there in the same removal), '' to move none (the removal is then refused while they use it), or
   * undefined when the operator cancels.
   */
  function chooseFallback(a, providers) {
    const picker = addressPicker({
      idPrefix: 'remove-fallback', name: 'moveProvidersTo', label: 'Move them to', testidPrefix: 'remove-fallback',
      exclude: () => new Set([a.id]),
    });
    return openDialog({
      title: `Remove ${a.name}?`,
      testid: 'remove-fallback-dialog',
      build: (close) => {
        const form = h('form', { novalidate: true },
          h('p', null, `${plural(providers, 'carrier or DDI provider uses', 'carriers and DDI providers use')} it. Move them to another of their brands' addresses in the same removal, or keep them there: the removal is then refused while they use it.`),
          picker.element,
          h('div', { class: 'dialog-actions' },
            h('button', { type: 'button', class: 'secondary', dataset: { testid: 'remove-fallback-cancel' }, onclick: () => close(undefined) }, 'Cancel'),
            h('button', { type: 'button', class: 'secondary', dataset: { testid: 'remove-without-moving' }, onclick: () => close('') }, 'Do not move them'),
            h('button', { type: 'submit', class: 'primary', dataset: { testid: 'remove-fallback-continue' } }, 'Move them')));
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          if (picker.select.value) close(picker.select.value);
        });
        picker.reload();
        return form;
      },
    });
  }

  function watchRemoval(a) {
    if (removals.has(a.id)) return;
    const item = h('div', { class: 'removal', dataset: { testid: 'removal-progress-item', addressId: a.id } },
      h('span', null, `Removing ${a.name}: waiting for the brands' assignments to let it go…`), ' ',
      h('progress', { 'aria-label': `Removal of ${a.name}` }));
    progressArea.append(item);
    const entry = { started: Date.now(), item, timer: null };
    removals.set(a.id, entry);
    const done = () => {
      clearTimeout(entry.timer);
      item.remove();
      removals.delete(a.id);
    };
    const poll = async () => {
      try {
        const removal = await get(`/api/addresses/${seg(a.id)}/removal`);
        if (removal.status === 'REMOVED') {
          done();
          announce(`Address ${a.name} removed.`);
          load();
          return;
        }
        if (removal.status === 'REFUSED') {
          done();
          showReasons(reasonsArea, `${a.name} was not removed`, removal.reasons || []);
          load();
          return;
        }
        if (removal.status === 'NOT_REQUESTED') {
          done();
          load();
          return;
        }
      } catch (error) {
        if (error.status === 404) {
          // gone already
          done();
          load();
          return;
        }
        report(error);
      }
      if (Date.now() - entry.started > REMOVAL_GIVE_UP_MS) {
        done();
        report(new Error(`The removal of ${a.name} has not finished after two minutes; it goes on in the background.`));
        return;
      }
      entry.timer = setTimeout(poll, REMOVAL_POLL_MS);
    };
    entry.timer = setTimeout(poll, REMOVAL_POLL_MS);
  }

  // ---- drill-down: who uses an address ----
  function showUsage(a, kind, many) {
    openDialog({
      title: `${many[0].toUpperCase()}${many.slice(1)} using ${a.name}`,
      testid: 'usage-dialog',
      wide: true,
      build: (close) => {
        const body = h('div', { class: 'usage', dataset: { testid: 'usage-list', kind } }, h('p', { class: 'muted' }, 'Loading…'));
        const loadPage = async (page) => {
          body.setAttribute('aria-busy', 'true');
          try {
            const result = kind === 'brands'
              ? await get(`/api/addresses/${seg(a.id)}/brands`, { query: { page, size: USAGE_PAGE_SIZE } })
              : await get(`/api/addresses/${seg(a.id)}/providers`, { query: { kind: kind === 'carriers' ? 'CARRIER' : 'DDI_PROVIDER', page, size: USAGE_PAGE_SIZE } });
            const rows = kind === 'brands'
              ? result.items.map((brandId) => h('tr', { dataset: { testid: 'usage-item', brandId } }, td('Brand', brandLink(brandId, close))))
              : result.items.map((p) => h('tr', { dataset: { testid: 'usage-item', brandId: p.brandId, providerId: p.providerId } },
                td('Provider', h('code', null, p.providerId)), td('Brand', brandLink(p.brandId, close))));
            replace(body,
              table({ caption: `${many} using ${a.name}`, columns: kind === 'brands' ? ['Brand'] : ['Provider', 'Brand'], rows, testid: 'usage-table', empty: `No ${many} use it now.` }),
              pager({ page: result.page, size: result.size, total: result.total, label: `${many} pages`, testid: 'usage-pager', onPage: loadPage }));
          } catch (error) {
            replace(body, h('p', null, 'Could not load the list.'));
            showProblem(error);
          } finally {
            body.removeAttribute('aria-busy');
          }
        };
        loadPage(0);
        return h('div', null, body,
          h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => close() }, 'Close')));
      },
    });
  }

  function brandLink(brandId, close) {
    if (!mayActFor(brandId)) return h('span', null, brandId);
    return h('a', { href: `#/brands/${encodeURIComponent(brandId)}`, onclick: () => close() }, brandId);
  }

  load();
  return {
    refresh: () => load(),
    unmount: () => {
      if (abort) abort.abort();
      for (const entry of removals.values()) clearTimeout(entry.timer);
      removals.clear();
    },
  };
}

