'use strict';
// Talks only to this service's own query API, with the bearer token the operator pastes in.
// Every value from the API is inserted as text, never as HTML.
const state = { token: sessionStorage.getItem('proxytrunks-token') || '' };
const $ = (selector) => document.querySelector(selector);

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function fill(tableId, rows) {
  const body = $(`#${tableId} tbody`);
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    tr.append(...cells);
    return tr;
  }));
}

async function api(path, options = {}) {
  $('#error').textContent = '';
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: `Bearer ${state.token}`, ...(options.headers || {}) },
  });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new Error(body?.detail || `${response.status} ${response.statusText}`);
  }
  return body;
}

function query(form) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (value.trim()) params.set(key, value.trim());
  }
  return params;
}

async function loadAddresses() {
  const params = query($('#address-filter'));
  params.set('size', '200');
  const page = await api(`/api/addresses?${params}`);
  fill('addresses', page.items.map((a) => [
    cell(a.name), cell(a.ip), cell(a.advertisedIp), cell(a.state), cell(a.brands.join(', ')),
    cell(a.providers.map((p) => `${p.kind.toLowerCase()} ${p.providerId} (${p.brandId})`).join(', ')),
  ]));
}

async function loadAudit() {
  const params = query($('#audit-filter'));
  params.set('size', '100');
  const page = await api(`/api/audit?${params}`);
  fill('audit', page.items.map((e) => [
    cell(e.time), cell(`${e.actor.subject} (${e.actor.role}${e.actor.brand ? ', ' + e.actor.brand : ''})`),
    cell(e.aggregate), cell(e.type), cell(JSON.stringify(e.payload), 'payload'),
  ]));
}

async function showBrand(event) {
  event.preventDefault();
  const brandId = new FormData($('#brand-form')).get('brand').trim();
  const brand = await api(`/api/brands/${encodeURIComponent(brandId)}`);
  const lines = [
    `${brand.brandId}: ${brand.state}`,
    `addresses: ${brand.addresses.map((a) => `${a.name} ${a.ip}`).join(', ')}`,
    `carriers: ${brand.carriers.map((c) => `${c.providerId} → ${c.addressId}`).join(', ') || 'none'}`,
    `DDI providers: ${brand.ddiProviders.map((c) => `${c.providerId} → ${c.addressId}`).join(', ') || 'none'}`,
  ];
  $('#brand').replaceChildren(...lines.map((line) => Object.assign(document.createElement('div'), { textContent: line })));
}

async function watchReplay() {
  const status = await api('/api/replay');
  $('#replay-progress').max = Math.max(1, status.total);
  $('#replay-progress').value = status.done;
  $('#replay-status').textContent = `${status.state}` + (status.state === 'RUNNING'
    ? ` ${status.done}/${status.total}, ${status.ratePerSecond}/s, ${status.etaSeconds ?? '?'} s left` : '');
  if (status.state === 'RUNNING') setTimeout(() => watchReplay().catch(report), 500);
}

function report(error) {
  $('#error').textContent = error.message;
}

function refresh() {
  $('#who').textContent = state.token ? 'token set' : '';
  if (!state.token) return;
  loadAddresses().catch(report);
  loadAudit().catch(report);
  watchReplay().catch(() => { $('#replay-status').textContent = 'replay: God only'; });
}

$('#login').addEventListener('submit', (event) => {
  event.preventDefault();
  state.token = $('#token').value.trim();
  sessionStorage.setItem('proxytrunks-token', state.token);
  refresh();
});
$('#address-filter').addEventListener('submit', (event) => { event.preventDefault(); loadAddresses().catch(report); });
$('#audit-filter').addEventListener('submit', (event) => { event.preventDefault(); loadAudit().catch(report); });
$('#brand-form').addEventListener('submit', (event) => showBrand(event).catch(report));
$('#replay-start').addEventListener('click', () => api('/api/replay', { method: 'POST' }).then(watchReplay).catch(report));
refresh();
