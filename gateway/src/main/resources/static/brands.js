// Brands: the paged list and registration (God, platform services), and a brand's page: its
// addresses (assign, unassign: God), carriers and DDI providers (set, move, retire).
import { h, append, replace, field, td, table, debounce, plural } from './dom.js';
import { get, seg, ApiError } from './api.js';
import { change } from './preview.js';
import { addressPicker } from './pickers.js';
import {
  can, mayActFor, announce, report, showProblem, clearFieldErrors, showFieldError, showReasons, clearReasons,
  pager, slicePage, badge,
} from './ui.js';

const PAGE_SIZE = 25;
const LOCAL_PAGE_SIZE = 20;
const ID_FORM = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$/; // BrandId / ProviderId
const MAIN_ADDRESS = 'proxytrunks';
const ID_RULE = '1 to 64 letters, digits, "-" and "_", starting and ending with a letter or digit';

const brandHref = (id) => `#/brands/${encodeURIComponent(id)}`;

// ---- the list ---------------------------------------------------------------------------------------

export function brandsView({ root, params, setQuery }) {
  const state = { id: params.get('id') || '', page: Math.max(0, parseInt(params.get('page') || '0', 10) || 0) };
  let abort = null;

  let registerForm = null;
  let picker = null;
  if (can('brand.register')) {
    picker = addressPicker({ idPrefix: 'register-brand-address', name: 'addressIds', label: 'First address', testidPrefix: 'register-brand-address' });
    registerForm = h('form', { class: 'inline-form', novalidate: true, dataset: { testid: 'register-brand-form' }, 'aria-labelledby': 'register-brand-title' },
      field({ id: 'register-brand-id', name: 'brandId', label: 'Brand id', testid: 'register-brand-id', hint: 'The id the platform knows the brand by.', attrs: { maxlength: 64, autocomplete: 'off', spellcheck: 'false' } }),
      picker.element,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary', dataset: { testid: 'register-brand-submit' } }, 'Register brand')));
    registerForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(registerForm);
      const brandId = registerForm.elements.namedItem('brandId').value.trim();
      const addressId = picker.select.value;
      let ok = true;
      if (!ID_FORM.test(brandId)) {
        showFieldError(registerForm, 'brandId', `must be ${ID_RULE}`);
        ok = false;
      }
      if (!addressId) {
        showFieldError(registerForm, 'addressIds', 'choose the brand\'s first address');
        ok = false;
      }
      if (!ok) return;
      try {
        const answer = await change(`/api/brands/${seg(brandId)}`, { method: 'PUT', body: { addressIds: [addressId] }, title: `Register brand ${brandId}?`, applyLabel: 'Register brand' });
        if (!answer) return;
        announce(`Brand ${brandId} registered.`);
        location.hash = brandHref(brandId);
      } catch (error) {
        showProblem(error, { form: registerForm });
      }
    });
  }

  const filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter brands', dataset: { testid: 'brand-filters' } },
    field({ id: 'brand-filter-id', name: 'id', label: 'Brand id', value: state.id, testid: 'brand-filter-id', attrs: { type: 'search', maxlength: 64, spellcheck: 'false' } }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'secondary', dataset: { testid: 'brand-filter-apply' } }, 'Filter')));
  const apply = () => {
    state.id = filterForm.elements.namedItem('id').value.trim();
    state.page = 0;
    load();
  };
  const typed = debounce(apply, 300);
  filterForm.addEventListener('input', typed);
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    typed.cancel();
    apply();
  });
  const list = h('div', { class: 'list', dataset: { testid: 'brand-list' } });

  append(root, [
    h('div', { class: 'view-head' }, h('h1', { id: 'view-title', tabindex: '-1' }, 'Brands')),
    registerForm ? h('section', { class: 'panel' }, h('h2', { id: 'register-brand-title' }, 'Register a brand'), registerForm) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'brand-list-title' }, h('h2', { id: 'brand-list-title' }, 'All brands'), filterForm, list)]);

  async function load() {
    setQuery(new URLSearchParams({ id: state.id, page: state.page ? String(state.page) : '' }));
    if (abort) abort.abort();
    abort = new AbortController();
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await get('/api/brands', { query: { id: state.id, page: state.page, size: PAGE_SIZE }, signal: abort.signal, waitFor: true });
      clearFieldErrors(filterForm);
      if (page.items.length === 0 && state.page > 0 && page.total > 0) {
        state.page = Math.max(0, Math.ceil(page.total / PAGE_SIZE) - 1);
        load();
        return;
      }
      replace(list,
        table({
          caption: 'Brands',
          columns: ['Brand', 'State', 'Addresses', 'Carriers', 'DDI providers'],
          testid: 'brand-table',
          empty: state.id ? 'No brand matches.' : 'No brands yet.',
          rows: page.items.map((b) => h('tr', { dataset: { testid: 'brand-row', brandId: b.brandId } },
            td('Brand', h('a', { href: brandHref(b.brandId), dataset: { testid: 'brand-link', focusKey: `brand-${b.brandId}` } }, b.brandId)),
            td('State', stateBadge(b.state)),
            td('Addresses', String(b.addresses ?? 0)),
            td('Carriers', String(b.carriers ?? 0)),
            td('DDI providers', String(b.ddiProviders ?? 0)))),
        }),
        pager({ page: page.page, size: page.size, total: page.total, label: 'Brand pages', testid: 'brand-pager', onPage: (n) => { state.page = n; load(); } }));
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error instanceof ApiError && error.status === 400) showProblem(error, { form: filterForm });
      else report(error);
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  load();
  if (picker) picker.reload();
  return {
    refresh: () => { load(); if (picker) picker.reload(); },
    unmount: () => { if (abort) abort.abort(); },
  };
}

function stateBadge(state) {
  if (state === 'RETIRED') return badge('retired', 'warn', 'brand-state');
  return badge(state === 'REGISTERED' ? 'registered' : String(state || '').toLowerCase(), 'ok', 'brand-state');
}

// ---- one brand ------------------------------------------------------------------------------------

const KINDS = [
  { kind: 'CARRIER', path: 'carriers', key: 'carriers', one: 'carrier', many: 'carriers', title: 'Carriers', prefix: 'carrier', section: 'brand-carriers', row: 'carrier-row' },
  { kind: 'DDI_PROVIDER', path: 'ddi-providers', key: 'ddiProviders', one: 'DDI provider', many: 'DDI providers', title: 'DDI providers', prefix: 'ddi', section: 'brand-ddi-providers', row: 'ddi-provider-row' },
];

export function brandView({ root, args }) {
  const brandId = args[0];
  const state = { brand: null, addressPage: 0, missing: false };
  const godAssigns = can('brand.assign');
  let abort = null;

  const stateHolder = h('span', { class: 'head-badges' });
  const retireButton = can('brand.retire') ? h('button', {
    type: 'button', class: 'danger', hidden: true, dataset: { testid: 'retire-brand' }, onclick: () => retireBrand(),
  }, 'Retire brand') : null;
  const missing = h('div', { class: 'panel', hidden: true, dataset: { testid: 'brand-missing' } });
  const content = h('div', { class: 'brand-content', hidden: true });

  // ---- addresses section ----
  const unassignReasons = h('div', { class: 'reasons', tabindex: '-1', hidden: true, role: 'region', 'aria-label': 'Why the address was not taken from the brand', dataset: { testid: 'unassign-reasons' } });
  const addressList = h('div', { class: 'list', dataset: { testid: 'brand-address-list' } });
  const defaultNote = h('p', { class: 'hint', dataset: { testid: 'brand-default-note' } });
  let assignForm = null;
  let assignPicker = null;
  if (godAssigns) {
    assignPicker = addressPicker({
      idPrefix: 'assign-address', name: 'addressId', label: 'Address to assign', testidPrefix: 'assign-address',
      exclude: () => new Set((state.brand ? state.brand.addresses : []).map((a) => a.id)),
    });
    assignForm = h('form', { class: 'inline-form', novalidate: true, dataset: { testid: 'assign-address-form' }, 'aria-label': 'Assign an address' },
      assignPicker.element,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary', dataset: { testid: 'assign-address-submit' } }, 'Assign address')));
    assignForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(assignForm);
      const addressId = assignPicker.select.value;
      if (!addressId) {
        showFieldError(assignForm, 'addressId', 'choose an address');
        return;
      }
      try {
        const answer = await change(`/api/brands/${seg(brandId)}/addresses/${seg(addressId)}`, { method: 'POST', title: `Give the address to ${brandId}?`, applyLabel: 'Assign' });
        if (!answer) return;
        announce(`Address assigned to ${brandId}.`);
        load();
      } catch (error) {
        showProblem(error, { form: assignForm, reasonsArea: unassignReasons, reasonsTitle: 'The address was not assigned' });
      }
    });
  }
  const addressSection = h('section', { class: 'panel', 'aria-labelledby': 'brand-addresses-title', dataset: { testid: 'brand-addresses' } },
    h('h2', { id: 'brand-addresses-title' }, 'Addresses'),
    defaultNote, unassignReasons, addressList,
    assignForm ? h('div', { class: 'subform' }, h('h3', null, 'Assign an address'), assignForm) : null);

  // ---- provider sections ----
  const providers = KINDS.map((k) => providerSection(k));

  function providerSection(k) {
    const local = { page: 0, filter: '' };
    const list = h('div', { class: 'list', dataset: { testid: `${k.prefix}-list` } });
    const addressSelect = h('select', null);
    let form = null;
    if (can('provider.write') && mayActFor(brandId)) {
      form = h('form', { class: 'inline-form', novalidate: true, id: `set-${k.prefix}-form`, dataset: { testid: `set-${k.prefix}-form` }, 'aria-label': `Set a ${k.one}` },
        field({ id: `set-${k.prefix}-provider`, name: 'providerId', label: `${k.one[0].toUpperCase()}${k.one.slice(1)} id`, testid: `set-${k.prefix}-provider`, attrs: { maxlength: 64, autocomplete: 'off', spellcheck: 'false' } }),
        field({ id: `set-${k.prefix}-address`, name: 'addressId', label: 'Address', testid: `set-${k.prefix}-address`, control: addressSelect }),
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary', id: `set-${k.prefix}-submit`, dataset: { testid: `set-${k.prefix}-submit` } }, `Set ${k.one}`)));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        const providerId = form.elements.namedItem('providerId').value.trim();
        if (!ID_FORM.test(providerId)) {
          showFieldError(form, 'providerId', `must be ${ID_RULE}`);
          form.elements.namedItem('providerId').focus();
          return;
        }
        const addressId = addressSelect.value;
        try {
          const answer = await change(`/api/brands/${seg(brandId)}/${k.path}/${seg(providerId)}`, { method: 'PUT', body: addressId ? { addressId } : {}, title: `Set ${k.one} ${providerId}?`, applyLabel: `Set ${k.one}` });
          if (!answer) return;
          form.elements.namedItem('providerId').value = '';
          announce(`${k.one[0].toUpperCase()}${k.one.slice(1)} ${providerId} set.`);
          load();
        } catch (error) {
          showProblem(error, { form });
        }
      });
    }
    const filter = h('input', { type: 'search', maxlength: 64, spellcheck: 'false' });
    filter.addEventListener('input', debounce(() => { local.filter = filter.value.trim().toLowerCase(); local.page = 0; render(); }, 150));
    const filterField = field({ id: `${k.prefix}-filter`, name: `${k.prefix}Filter`, label: `Find ${k.one} by id`, testid: `${k.prefix}-filter`, control: filter });
    const reasons = h('div', { class: 'reasons', tabindex: '-1', hidden: true, dataset: { testid: `${k.prefix}-reasons` } });
    const section = h('section', { class: 'panel', 'aria-labelledby': `${k.section}-title`, dataset: { testid: k.section } },
      h('h2', { id: `${k.section}-title` }, k.title),
      form ? h('div', { class: 'subform' }, h('h3', null, `Set a ${k.one}`), form,
        h('p', { class: 'hint' }, `Setting an id the brand already has moves it to the chosen address.`)) : null,
      reasons,
      h('div', { class: 'filters' }, filterField),
      list);

    function render() {
      const brand = state.brand;
      const addresses = brand.addresses;
      const retired = brand.state === 'RETIRED';
      if (form) {
        form.hidden = retired;
        const chosen = addressSelect.value;
        replace(addressSelect, addresses.map((a) => h('option', { value: a.id, selected: a.id === chosen }, `${a.name} — ${a.ip}`)));
      }
      const byId = new Map(addresses.map((a) => [a.id, a]));
      const all = brand[k.key] || [];
      filterField.hidden = all.length <= LOCAL_PAGE_SIZE && !local.filter;
      const matching = local.filter ? all.filter((p) => p.providerId.toLowerCase().includes(local.filter)) : all;
      const page = slicePage(matching, local.page, LOCAL_PAGE_SIZE);
      local.page = page.page;
      const writable = Boolean(form) && !retired;
      const columns = ['Id', 'Address'];
      if (writable) columns.push('Move to', 'Retire');
      replace(list,
        table({
          caption: k.title,
          columns,
          testid: `${k.prefix}-table`,
          empty: local.filter ? `No ${k.one} matches.` : `No ${k.many} yet.`,
          rows: page.items.map((p) => providerRow(p, byId, addresses, writable)),
        }),
        matching.length > LOCAL_PAGE_SIZE ? pager({ ...page, label: `${k.title} pages`, testid: `${k.prefix}-pager`, onPage: (n) => { local.page = n; render(); } }) : null);
    }

    function providerRow(p, byId, addresses, writable) {
      const address = byId.get(p.addressId);
      const moveId = `move-${k.prefix}-${p.providerId}`;
      const move = h('select', { id: moveId, dataset: { testid: `move-${k.prefix}-address`, focusKey: `${moveId}-select` } },
        addresses.map((a) => h('option', { value: a.id, selected: a.id === p.addressId }, `${a.name} — ${a.ip}`)));
      return h('tr', { dataset: { testid: k.row, providerId: p.providerId, addressId: p.addressId } },
        td('Id', h('code', { dataset: { testid: 'provider-id' } }, p.providerId)),
        td('Address', address ? [h('span', null, address.name), ' ', h('code', { class: 'muted' }, address.ip)] : h('code', null, p.addressId)),
        writable ? td('Move to', h('div', { class: 'row-actions' },
          h('label', { for: moveId, class: 'visually-hidden' }, `Address for ${k.one} ${p.providerId}`),
          move,
          h('button', {
            type: 'button', class: 'secondary small', dataset: { testid: `move-${k.prefix}-submit`, focusKey: `${moveId}-go` },
            'aria-label': `Move ${k.one} ${p.providerId} to the chosen address`,
            onclick: () => moveProvider(p, move.value),
          }, 'Move'))) : null,
        writable ? td('Retire', h('button', {
          type: 'button', class: 'danger small', dataset: { testid: `retire-${k.prefix}`, focusKey: `retire-${k.prefix}-${p.providerId}` },
          'aria-label': `Retire ${k.one} ${p.providerId}`, onclick: () => retireProvider(p),
        }, 'Retire')) : null);
    }

    async function moveProvider(p, addressId) {
      if (addressId === p.addressId) {
        announce(`${p.providerId} already uses that address.`);
        return;
      }
      try {
        const answer = await change(`/api/brands/${seg(brandId)}/${k.path}/${seg(p.providerId)}`, { method: 'PUT', body: { addressId }, title: `Move ${k.one} ${p.providerId}?`, applyLabel: 'Move' });
        if (!answer) {
          load();
          return;
        }
        announce(`${k.one[0].toUpperCase()}${k.one.slice(1)} ${p.providerId} moved.`);
        load();
      } catch (error) {
        showProblem(error, { reasonsArea: reasons, reasonsTitle: `${p.providerId} was not moved` });
      }
    }

    async function retireProvider(p) {
      try {
        // its assignment ends and Kamailio forgets which address it uses; the id becomes free for any brand
        const answer = await change(`/api/brands/${seg(brandId)}/${k.path}/${seg(p.providerId)}`, { method: 'DELETE', title: `Retire ${k.one} ${p.providerId}?`, applyLabel: `Retire ${k.one}`, danger: true });
        if (!answer) return;
        announce(`${k.one[0].toUpperCase()}${k.one.slice(1)} ${p.providerId} retired.`);
        load();
      } catch (error) {
        showProblem(error, { reasonsArea: reasons, reasonsTitle: `${p.providerId} was not retired` });
      }
    }

    return { section, render };
  }

  // ---- page ----
  append(root, [
    h('div', { class: 'view-head' },
      h('div', null,
        can('brand.list') ? h('a', { href: '#/brands', class: 'back', dataset: { testid: 'back-to-brands' } }, '‹ All brands') : null,
        h('h1', { id: 'view-title', tabindex: '-1' }, 'Brand ', h('span', { dataset: { testid: 'brand-id' } }, brandId), ' ', stateHolder)),
      retireButton),
    missing,
    content]);
  content.append(addressSection, ...providers.map((p) => p.section));

  function renderAddresses() {
    const brand = state.brand;
    const addresses = brand.addresses;
    const retired = brand.state === 'RETIRED';
    const used = new Map();
    for (const k of KINDS) for (const p of brand[k.key] || []) used.set(p.addressId, (used.get(p.addressId) || 0) + 1);
    if (assignForm) assignForm.parentElement.hidden = retired;
    defaultNote.textContent = retired ? 'The brand is retired: it has no addresses or providers.'
      : addresses.length === 1
        ? 'This is the brand\'s only address: a carrier or DDI provider set without an address uses it, and it cannot be taken away.'
        : 'A brand always keeps at least one address; an address a provider uses cannot be taken away.';
    const page = slicePage(addresses, state.addressPage, LOCAL_PAGE_SIZE);
    state.addressPage = page.page;
    const columns = ['Name', 'IP', 'Advertised IP', 'Used by'];
    if (godAssigns && !retired) columns.push('Actions');
    replace(addressList,
      table({
        caption: 'Addresses of the brand',
        columns,
        testid: 'brand-address-table',
        empty: 'No addresses.',
        rows: page.items.map((a) => h('tr', { dataset: { testid: 'brand-address-row', addressId: a.id } },
          td('Name', h('span', { dataset: { testid: 'address-name' } }, a.name), a.id === MAIN_ADDRESS ? [' ', badge('main', 'info', 'main-badge')] : null,
            a.state === 'RETIRING' ? [' ', badge('being removed', 'warn')] : null),
          td('IP', h('code', null, a.ip)),
          td('Advertised IP', a.advertisedIp ? h('code', null, a.advertisedIp) : h('span', { class: 'muted' }, '—')),
          td('Used by', plural(used.get(a.id) || 0, 'provider', 'providers')),
          godAssigns && !retired ? td('Actions', h('button', {
            type: 'button', class: 'secondary small', dataset: { testid: 'unassign-address', focusKey: `unassign-${a.id}` },
            'aria-label': `Take ${a.name} from ${brandId}`, onclick: () => unassign(a),
          }, 'Unassign')) : null)),
      }),
      addresses.length > LOCAL_PAGE_SIZE ? pager({ ...page, label: 'Address pages', testid: 'brand-address-pager', onPage: (n) => { state.addressPage = n; renderAddresses(); } }) : null);
  }

  async function unassign(a) {
    clearReasons(unassignReasons);
    try {
      const answer = await change(`/api/brands/${seg(brandId)}/addresses/${seg(a.id)}`, { method: 'DELETE', title: `Take ${a.name} from ${brandId}?`, applyLabel: 'Unassign', danger: true });
      if (!answer) return;
      announce(`${a.name} taken from ${brandId}.`);
      load();
    } catch (error) {
      showProblem(error, { reasonsArea: unassignReasons, reasonsTitle: `${a.name} was not taken from ${brandId}` });
    }
  }

  async function retireBrand() {
    try {
      // all its address assignments, carriers and DDI providers end
      const answer = await change(`/api/brands/${seg(brandId)}`, { method: 'DELETE', title: `Retire brand ${brandId}?`, applyLabel: 'Retire brand', danger: true });
      if (!answer) return;
      announce(`Brand ${brandId} retired.`);
      load();
    } catch (error) {
      showProblem(error);
    }
  }

  async function load() {
    if (abort) abort.abort();
    abort = new AbortController();
    content.setAttribute('aria-busy', 'true');
    try {
      const brand = await get(`/api/brands/${seg(brandId)}`, { signal: abort.signal, waitFor: true });
      state.brand = { ...brand, addresses: brand.addresses || [], carriers: brand.carriers || [], ddiProviders: brand.ddiProviders || [] };
      missing.hidden = true;
      content.hidden = false;
      replace(stateHolder, stateBadge(brand.state));
      if (retireButton) retireButton.hidden = brand.state === 'RETIRED';
      renderAddresses();
      for (const p of providers) p.render();
      if (assignPicker) assignPicker.reload();
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error instanceof ApiError && error.status === 404) {
        state.brand = null;
        content.hidden = true;
        if (retireButton) retireButton.hidden = true;
        replace(stateHolder);
        replace(missing,
          h('p', null, `There is no brand ${brandId}.`),
          can('brand.register') ? h('p', null, h('a', { href: '#/brands' }, 'Register it on the brands page')) : null);
        missing.hidden = false;
      } else {
        report(error);
      }
    } finally {
      content.removeAttribute('aria-busy');
    }
  }

  load();
  return {
    refresh: () => load(),
    unmount: () => { if (abort) abort.abort(); },
  };
}
