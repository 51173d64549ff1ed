// Every change is previewed before it is made: the command goes first with dryRun=true, which the
// services answer with the events it would publish and what those would do to Kamailio, and only
// what the operator confirms is sent for real. A preview that would be refused is refused like the
// change (the same problem details), so the caller shows it where it shows the change's errors.

import { h } from './dom.js';
import { api } from './api.js';
import { openDialog } from './ui.js';

/**
 * Previews a change and makes it once confirmed. Resolves to the change's answer ({status, data,
 * position}) or null when the operator cancels; throws ApiError like api() when refused.
 * options: {method, body, query, title, applyLabel, danger}
 */
export async function change(path, { method, body, query, title, applyLabel = 'Apply', danger = false }) {
  const { data: preview } = await api(path, { method, body, query: { ...(query || {}), dryRun: 'true' } });
  const confirmed = await showPreview({ title, preview, applyLabel, danger });
  if (!confirmed) return null;
  return api(path, { method, body, query });
}

function showPreview({ title, preview, applyLabel, danger }) {
  return openDialog({
    title,
    testid: 'preview-dialog',
    wide: true,
    build: (close) => h('div', null,
      eventsPart(preview.events || []),
      kamailioPart(preview.kamailio || {}),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'secondary', dataset: { testid: 'preview-cancel' }, onclick: () => close(false) }, 'Cancel'),
        h('button', { type: 'button', class: danger ? 'danger' : 'primary', autofocus: true, dataset: { testid: 'preview-apply' }, onclick: () => close(true) }, applyLabel))),
  }).then(Boolean);
}

function eventsPart(events) {
  if (!events.length) {
    return h('p', { dataset: { testid: 'preview-nothing' } }, 'This changes nothing: everything is already as asked.');
  }
  return h('section', { 'aria-label': 'Events' },
    h('h3', null, 'What will be recorded'),
    h('ol', { class: 'preview-events', dataset: { testid: 'preview-events' } },
      ...events.map((event) => h('li', { dataset: { testid: 'preview-event', type: event.type } },
        h('code', null, event.type), ' ', h('span', { class: 'muted' }, summary(event))))));
}

/** A line about an event, from the fields most events have. */
function summary(event) {
  const p = event.payload || {};
  const parts = [];
  if (p.brandId) parts.push(`brand ${p.brandId}`);
  if (p.providerId) parts.push(`${(p.kind || 'provider').toLowerCase().replace('_', ' ')} ${p.providerId}`);
  if (p.addressId) parts.push(`address ${p.addressId}`);
  if (p.name) parts.push(`named ${p.name}`);
  if (p.ip) parts.push(`IP ${p.ip}`);
  return parts.join(', ');
}

function kamailioPart(kamailio) {
  if (kamailio.unavailable) {
    return h('p', { class: 'notice', dataset: { testid: 'preview-kamailio-unavailable' } },
      `What Kamailio would do could not be previewed: ${kamailio.unavailable}`);
  }
  const listen = kamailio.listen || { added: [], removed: [] };
  const tables = kamailio.tables || [];
  const unbindable = kamailio.unbindable || [];
  const nothing = !listen.added.length && !listen.removed.length && !tables.length;
  return h('section', { 'aria-label': 'Kamailio', dataset: { testid: 'preview-kamailio' } },
    h('h3', null, 'What Kamailio will do'),
    kamailio.restart
      ? h('p', { class: 'notice warn', dataset: { testid: 'preview-restart' } },
        'Kamailio will restart to change the addresses it listens on: calls being set up at that moment are cut.')
      : null,
    nothing ? h('p', { dataset: { testid: 'preview-kamailio-nothing' } }, 'Nothing changes in Kamailio.') : null,
    lines('Starts listening', listen.added, 'preview-listen-added'),
    lines('Stops listening', listen.removed, 'preview-listen-removed'),
    tables.length ? h('table', { class: 'preview-tables', dataset: { testid: 'preview-tables' } },
      h('caption', null, 'Provider sockets'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Table'), h('th', { scope: 'col' }, 'Provider'),
        h('th', { scope: 'col' }, 'From'), h('th', { scope: 'col' }, 'To'))),
      h('tbody', null, ...tables.map((row) => h('tr', { dataset: { testid: 'preview-table-row', key: row.key } },
        h('td', null, row.table), h('td', null, row.key), h('td', null, row.from || '—'), h('td', null, row.to || '— (removed)'))))) : null,
    unbindable.length ? h('p', { class: 'notice warn', dataset: { testid: 'preview-unbindable' } },
      `This host cannot listen on: ${unbindable.join(', ')}. Kamailio will leave those out.`) : null);
}

function lines(title, items, testid) {
  if (!items.length) return null;
  return h('div', null, h('h4', null, title),
    h('ul', { class: 'preview-lines', dataset: { testid } }, ...items.map((line) => h('li', null, h('code', null, line)))));
}
