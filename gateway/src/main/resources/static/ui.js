// Shared pieces: the alert and status regions, problem details shown next to the fields they
// name, dialogs (Escape closes them), the pager, and who may do what.
import { h, $, $$, replace, plural } from './dom.js';
import { ApiError, asOf } from './api.js';

// ---- who may do what (the controllers' @PreAuthorize) -------------------------------------

export const session = { me: null };

const PERMISSIONS = {
  // address-service AddressController: hasRole('GOD')
  'address.write': ['GOD'],
  // projector QueryController: GOD, SERVICE, BRAND_ADMIN (a brand admin confined to its brand)
  'address.list': ['GOD', 'SERVICE'],
  'brand.list': ['GOD', 'SERVICE'],
  // BrandController.define: GOD, SERVICE (a service may only register a new brand)
  'brand.register': ['GOD', 'SERVICE'],
  'brand.replace': ['GOD'],
  'brand.retire': ['GOD', 'SERVICE'],
  'brand.assign': ['GOD'],
  'provider.write': ['GOD', 'SERVICE', 'BRAND_ADMIN'],
  // kamailio-sync StatusController: status GOD, SERVICE; rebuild GOD; ParkedController GOD, SERVICE
  'kamailio.read': ['GOD', 'SERVICE'],
  'kamailio.rebuild': ['GOD'],
  'audit.read': ['GOD', 'SERVICE', 'BRAND_ADMIN'],
  'audit.brandFilter': ['GOD', 'SERVICE'],
  // ReplayController: start GOD; status GOD, SERVICE
  'replay.start': ['GOD'],
};

// What changes things: none of it while the page shows the past, which is read-only.
const COMMANDS = new Set(['address.write', 'brand.register', 'brand.replace', 'brand.retire', 'brand.assign',
  'provider.write', 'kamailio.rebuild', 'replay.start']);

export function can(permission) {
  const role = session.me && session.me.role;
  if (asOf() && COMMANDS.has(permission)) return false;
  return Boolean(role && PERMISSIONS[permission] && PERMISSIONS[permission].includes(role));
}

/** Whether the signed-in user may act for a brand (a brand admin only for its own). */
export function mayActFor(brandId) {
  const me = session.me;
  return Boolean(me && (me.role !== 'BRAND_ADMIN' || me.brand === brandId));
}

// ---- alerts and status ---------------------------------------------------------------------

/** Shows an error in the alert region (role="alert"). */
export function alertError(title, detail, items = []) {
  const region = $('#alerts');
  const message = h('div', { class: 'alert', dataset: { testid: 'alert' } },
    h('div', { class: 'alert-text' },
      h('strong', null, title),
      detail ? h('span', null, ' ', detail) : null,
      items.length ? h('ul', null, items.map((item) => h('li', null, item))) : null),
    h('button', {
      type: 'button', class: 'icon-button', 'aria-label': 'Dismiss this message', dataset: { testid: 'alert-dismiss' },
      onclick: () => message.remove(),
    }, '×'));
  region.append(message);
  while (region.children.length > 4) region.firstElementChild.remove();
}

export function clearAlerts() {
  $('#alerts').replaceChildren();
}

let statusTimer = null;
/** A short confirmation in the polite status region. */
export function announce(text) {
  const region = $('#status');
  region.textContent = text;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => { region.textContent = ''; }, 6000);
}

/** Any failure that has no better place: the alert region. */
export function report(error) {
  if (!error || error.name === 'AbortError') return;
  if (error instanceof ApiError) {
    if (error.status === 401) return; // the sign-in panel says it
    const p = error.problem;
    const items = [];
    for (const e of p.errors || []) items.push(`${e.field}: ${e.message}`);
    for (const r of p.reasons || []) items.push(r);
    alertError(p.title || `HTTP ${error.status}`, p.detail || '', items);
    return;
  }
  console.error(error);
  alertError('Something went wrong in the page', String(error.message || error));
}

// ---- field errors ----------------------------------------------------------------------------

export function clearFieldErrors(form) {
  for (const el of $$('[data-error-for]', form)) {
    el.textContent = '';
    el.hidden = true;
  }
  for (const input of $$('[aria-invalid="true"]', form)) input.removeAttribute('aria-invalid');
}

/** Shows one message next to the input named `name` in `form`; false when the form has no such field. */
export function showFieldError(form, name, message) {
  const target = $$('[data-error-for]', form).find((el) => el.dataset.errorFor === name);
  if (!target) return false;
  target.textContent = target.textContent ? `${target.textContent} ${message}` : message;
  target.hidden = false;
  const input = form.elements.namedItem(name);
  if (input && input.setAttribute) input.setAttribute('aria-invalid', 'true');
  return true;
}

/**
 * Shows a failed command's problem: each field error next to the input it names (field names as
 * the services write them: "ip", "addressIds[0]" → also tried as "addressIds"), the reasons of a
 * refusal in `reasonsArea` when given, anything else in the alert region.
 * `fieldMap` renames server fields to the form's names.
 */
export function showProblem(error, { form, reasonsArea, reasonsTitle, fieldMap = {} } = {}) {
  if (!(error instanceof ApiError) || error.status === 401) {
    report(error);
    return;
  }
  const p = error.problem;
  let unshown = [];
  let firstInvalid = null;
  if (form) {
    for (const e of p.errors || []) {
      const name = fieldMap[e.field] || e.field;
      const shown = showFieldError(form, name, e.message) || showFieldError(form, name.replace(/\[\d+\]$/, ''), e.message);
      if (shown && !firstInvalid) firstInvalid = form.elements.namedItem(name.replace(/\[\d+\]$/, ''));
      if (!shown) unshown.push(`${e.field}: ${e.message}`);
    }
  } else {
    unshown = (p.errors || []).map((e) => `${e.field}: ${e.message}`);
  }
  const reasons = p.reasons || [];
  if (reasons.length && reasonsArea) {
    showReasons(reasonsArea, reasonsTitle || p.title || 'Refused', reasons, p.detail);
  } else if (reasons.length) {
    unshown.push(...reasons);
  }
  const fieldsAllShown = (p.errors || []).length > 0 && unshown.length === 0 && !reasons.length;
  if (!fieldsAllShown && !(reasons.length && reasonsArea)) {
    alertError(p.title || `HTTP ${error.status}`, p.detail || '', unshown);
  }
  if (firstInvalid && firstInvalid.focus) firstInvalid.focus();
}

/** Fills a refusal area (a region listing why a removal or unassignment was refused). */
export function showReasons(area, title, reasons, detail) {
  replace(area,
    h('h3', null, title),
    h('ul', null, reasons.map((reason) => h('li', { dataset: { testid: 'refusal-reason' } }, reason))),
    h('button', { type: 'button', class: 'secondary', dataset: { testid: 'refusal-dismiss' }, onclick: () => clearReasons(area) }, 'Dismiss'));
  if (detail && !reasons.length) area.append(h('p', null, detail));
  area.hidden = false;
  area.focus();
}

export function clearReasons(area) {
  area.replaceChildren();
  area.hidden = true;
}

// ---- dialogs -----------------------------------------------------------------------------------

/**
 * Opens a modal <dialog> (Escape closes it, focus returns to the opener). `build(close)` returns
 * the dialog's content. Returns a promise of the value close() was called with (undefined on Escape).
 */
export function openDialog({ title, testid, build, wide = false }) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Date.now()}`;
    const dialog = h('dialog', { class: wide ? 'wide' : null, 'aria-labelledby': titleId, dataset: { testid } });
    let result;
    const close = (value) => {
      result = value;
      if (dialog.open) dialog.close();
    };
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected && opener.focus) opener.focus();
      else $('#view-title')?.focus();
      resolve(result);
    });
    dialog.append(
      h('div', { class: 'dialog-head' },
        h('h2', { id: titleId }, title),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', dataset: { testid: 'dialog-close' }, onclick: () => close() }, '×')),
      build(close));
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector('[autofocus], input:not([disabled]), select, textarea, .dialog-actions button');
    if (first) first.focus();
  });
}

// ---- paging ----------------------------------------------------------------------------------------

/** Previous / next for a Page {page, size, total}; `onPage(n)` loads page n. */
export function pager({ page, size, total, onPage, label = 'Pages', testid = 'pager' }) {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : page * size + 1;
  const last = Math.min(total, (page + 1) * size);
  return h('nav', { class: 'pager', 'aria-label': label, dataset: { testid } },
    h('button', {
      type: 'button', class: 'secondary', disabled: page <= 0, dataset: { testid: 'pager-prev', focusKey: `${testid}-prev` },
      onclick: () => onPage(page - 1),
    }, '‹ Previous'),
    h('span', { class: 'pager-info', dataset: { testid: 'pager-info' } },
      total === 0 ? 'No results' : `${first}–${last} of ${total} · page ${page + 1} of ${pages}`),
    h('button', {
      type: 'button', class: 'secondary', disabled: page + 1 >= pages, dataset: { testid: 'pager-next', focusKey: `${testid}-next` },
      onclick: () => onPage(page + 1),
    }, 'Next ›'));
}

/** Client-side paging for lists the API answers whole (a brand's addresses and providers). */
export function slicePage(items, page, size) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(current * size, (current + 1) * size), page: current, size, total: items.length };
}

export function badge(text, kind = 'neutral', testid) {
  return h('span', { class: `badge badge-${kind}`, dataset: { testid } }, text);
}

export function countText(count, one, many) {
  return plural(count, one, many);
}
