// The operator's dashboard: session, navigation by URL hash, and live refresh from /api/changes.
import { h, $, replace, formatTime } from './dom.js';
import { get, onUnauthorized, csrfToken, asOf, setAsOf } from './api.js';
import { session, can, report, clearAlerts } from './ui.js';
import { addressesView } from './addresses.js';
import { brandsView, brandView } from './brands.js';
import { kamailioView } from './kamailio.js';
import { auditView } from './audit.js';

// ---- routes ----------------------------------------------------------------------------------------

/** The routes; `allowed()` hides what the signed-in role cannot use at all. */
const ROUTES = [
  { name: 'addresses', pattern: /^\/addresses$/, view: addressesView, allowed: () => can('address.list') },
  { name: 'brands', pattern: /^\/brands$/, view: brandsView, allowed: () => can('brand.list') },
  { name: 'brand', pattern: /^\/brands\/([^/]+)$/, view: brandView, allowed: (id) => session.me.role !== 'BRAND_ADMIN' || id === session.me.brand },
  { name: 'kamailio', pattern: /^\/kamailio$/, view: kamailioView, allowed: () => can('kamailio.read') },
  { name: 'audit', pattern: /^\/audit$/, view: auditView, allowed: () => can('audit.read') },
];

function homeHash() {
  const me = session.me;
  if (me.role === 'BRAND_ADMIN') return `#/brands/${encodeURIComponent(me.brand)}`;
  return '#/addresses';
}

function navItems() {
  const me = session.me;
  const items = [];
  if (can('address.list')) items.push({ name: 'addresses', href: '#/addresses', label: 'Addresses', match: ['addresses'] });
  if (can('brand.list')) items.push({ name: 'brands', href: '#/brands', label: 'Brands', match: ['brands', 'brand'] });
  else if (me.role === 'BRAND_ADMIN') {
    items.push({ name: 'brands', href: homeHash(), label: `My brand (${me.brand})`, match: ['brand'] });
  }
  if (can('kamailio.read')) items.push({ name: 'kamailio', href: '#/kamailio', label: 'Kamailio', match: ['kamailio'] });
  if (can('audit.read')) items.push({ name: 'audit', href: '#/audit', label: 'Audit log', match: ['audit'] });
  return items;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path, params: new URLSearchParams(query) };
}

/** Rewrites the hash's query (filters, page) without a navigation, so a reload keeps them. */
export function setHashQuery(params) {
  const { path } = parseHash();
  const clean = new URLSearchParams();
  for (const [key, value] of params) if (value !== '' && value != null) clean.set(key, value);
  const query = clean.toString();
  history.replaceState(null, '', `#${path}${query ? `?${query}` : ''}`);
}

let current = null; // {route, controller, key}

function renderNav(activeName) {
  replace($('#nav-list'), navItems().map((item) => h('li', null,
    h('a', {
      href: item.href,
      id: `nav-${item.name}`,
      dataset: { testid: `nav-${item.name}` },
      'aria-current': item.match.includes(activeName) ? 'page' : null,
    }, item.label))));
}

function route() {
  if (!session.me) return;
  const { path, params } = parseHash();
  let found = null;
  let args = [];
  for (const candidate of ROUTES) {
    const m = path.match(candidate.pattern);
    if (m) {
      found = candidate;
      args = m.slice(1).map(decodeURIComponent);
      break;
    }
  }
  if (!found || !found.allowed(...args)) {
    const home = homeHash();
    if (location.hash !== home) location.replace(home);
    return;
  }
  const key = `${path}`;
  if (current && current.key === key) {
    current.controller.refresh?.();
    return;
  }
  if (current) current.controller.unmount?.();
  clearAlerts();
  renderNav(found.name);
  const root = $('#view');
  root.replaceChildren();
  const controller = found.view({ root, args, params, setQuery: setHashQuery });
  current = { key, controller, route: found };
  const title = $('#view-title');
  document.title = `${title ? title.textContent : 'Dashboard'} — Proxy Trunks`;
  // a new view: its heading takes the focus, so keyboard and screen-reader users start there
  if (title) title.focus({ preventScroll: true });
}

function refreshCurrent() {
  if (current && current.controller.refresh) current.controller.refresh({ live: true });
}

// ---- as of: the past, read-only -------------------------------------------------------------------

/**
 * Shows the instant picked (or now) in the banner and renders the view again, so that its
 * queries ask about that instant and its command forms go (or come back): history is read-only.
 */
function showAsOf() {
  const instant = asOf();
  const banner = $('#as-of-banner');
  banner.hidden = !instant;
  banner.textContent = instant
    ? `Showing addresses and brands as they were at ${formatTime(instant)} (${instant}). History is read-only: press "Now" to change things.`
    : '';
  if (current) current.controller.unmount?.();
  current = null;
  route();
}

/** The picker's local time as an instant; empty, unreadable or not yet past: now. */
function pickAsOf() {
  const input = $('#as-of');
  const time = input.value ? new Date(input.value) : null;
  const past = time && !Number.isNaN(time.getTime()) && time.getTime() < Date.now();
  if (!past) input.value = '';
  setAsOf(past ? time.toISOString() : null);
  showAsOf();
}

function backToNow() {
  $('#as-of').value = '';
  setAsOf(null);
  showAsOf();
}

// ---- live changes -------------------------------------------------------------------------------

const live = { source: null, retry: null, debounce: null, delay: 1000 };

function setLive(state, text) {
  const el = $('#live-indicator');
  el.hidden = false;
  el.dataset.state = state;
  el.textContent = text;
  el.title = state === 'live' ? 'Changes made anywhere appear here as they happen' : '';
}

function startLive() {
  stopLive();
  if (typeof EventSource === 'undefined') {
    setLive('off', 'Live: unsupported');
    return;
  }
  setLive('connecting', 'Live: connecting…');
  const source = new EventSource('/api/changes', { withCredentials: true });
  live.source = source;
  source.addEventListener('open', () => {
    live.delay = 1000;
    setLive('live', 'Live');
  });
  source.addEventListener('change', () => {
    clearTimeout(live.debounce);
    live.debounce = setTimeout(refreshCurrent, 200);
  });
  source.addEventListener('error', () => {
    if (live.source !== source) return;
    if (source.readyState === EventSource.CLOSED) {
      // the browser gave up (e.g. a non-event-stream answer): check the session, then reconnect
      setLive('reconnecting', 'Live: reconnecting…');
      source.close();
      live.source = null;
      clearTimeout(live.retry);
      live.retry = setTimeout(() => {
        checkSession({ quiet: true });
      }, live.delay);
      live.delay = Math.min(live.delay * 2, 30000);
    } else {
      setLive('reconnecting', 'Live: reconnecting…');
    }
  });
}

function stopLive() {
  clearTimeout(live.retry);
  clearTimeout(live.debounce);
  if (live.source) live.source.close();
  live.source = null;
  $('#live-indicator').hidden = true;
}

// ---- session ----------------------------------------------------------------------------------------

let expiryTimer = null;

function showSignIn() {
  session.me = null;
  stopLive();
  clearTimeout(expiryTimer);
  if (current) current.controller.unmount?.();
  current = null;
  for (const dialog of document.querySelectorAll('dialog')) dialog.close();
  $('#loading').hidden = true;
  $('#view').hidden = true;
  $('#view').replaceChildren();
  $('#nav').hidden = true;
  $('#current-user').hidden = true;
  $('#sign-out').hidden = true;
  $('#as-of-form').hidden = true;
  $('#as-of-banner').hidden = true;
  $('#as-of').value = '';
  setAsOf(null);
  $('#sign-in').hidden = false;
  document.title = 'Sign in — Proxy Trunks';
  get('/api/sign-in-options').then((options) => {
    const wrap = $('#sign-in-oidc-wrap');
    if (options && options.oidc && typeof options.oidcLoginUrl === 'string' && options.oidcLoginUrl.startsWith('/')) {
      $('#sign-in-oidc').setAttribute('href', options.oidcLoginUrl);
      wrap.hidden = false;
    } else {
      wrap.hidden = true;
    }
  }).catch(() => { $('#sign-in-oidc-wrap').hidden = true; });
}

function showSignedIn(me) {
  const changed = !session.me || session.me.subject !== me.subject || session.me.role !== me.role || session.me.brand !== me.brand;
  session.me = me;
  $('#loading').hidden = true;
  $('#sign-in').hidden = true;
  $('#view').hidden = false;
  $('#nav').hidden = false;
  const user = $('#current-user');
  user.hidden = false;
  user.dataset.role = me.role;
  if (me.brand) user.dataset.brand = me.brand; else delete user.dataset.brand;
  const role = { GOD: 'operator', BRAND_ADMIN: 'brand admin', SERVICE: 'service' }[me.role] || me.role;
  replace(user,
    h('span', { class: 'visually-hidden' }, 'Signed in as '),
    h('strong', { dataset: { testid: 'current-user-subject' } }, me.subject),
    ` (${role}${me.brand ? ` of ${me.brand}` : ''})`);
  user.title = me.expiresAt ? `Session ends ${formatTime(me.expiresAt)}` : '';
  $('#sign-out').hidden = false;
  $('#as-of-form').hidden = false;
  clearTimeout(expiryTimer);
  const ends = me.expiresAt ? Date.parse(me.expiresAt) : NaN;
  if (!Number.isNaN(ends)) {
    const wait = Math.min(Math.max(ends - Date.now() + 1000, 1000), 2 ** 31 - 1);
    expiryTimer = setTimeout(() => checkSession({ quiet: true }), wait);
  }
  if (changed && current) {
    current.controller.unmount?.();
    current = null;
  }
  if (!live.source) startLive();
  route();
}

async function checkSession() {
  try {
    const me = await get('/api/me');
    if (!me || !me.role) {
      showSignIn();
      return;
    }
    showSignedIn(me);
  } catch (error) {
    if (error.status === 401) return; // onUnauthorized showed the sign-in panel
    $('#loading').hidden = true;
    report(error);
    // the gateway is unreachable: try again shortly
    clearTimeout(live.retry);
    live.retry = setTimeout(checkSession, 5000);
  }
}

async function signOut() {
  try {
    const token = csrfToken();
    await fetch('/logout', {
      method: 'POST',
      credentials: 'same-origin',
      redirect: 'manual',
      headers: token ? { 'X-XSRF-TOKEN': token } : {},
    });
  } catch (error) {
    // signed out or not, the page forgets the session; the next call finds out
  }
  showSignIn();
  $('#sign-in-title').focus();
}

// ---- start ----------------------------------------------------------------------------------------

onUnauthorized(() => {
  if (session.me !== null || $('#sign-in').hidden) showSignIn();
});
$('#sign-out').addEventListener('click', signOut);
$('#as-of').addEventListener('change', pickAsOf);
$('#as-of-form').addEventListener('submit', (event) => {
  event.preventDefault();
  pickAsOf();
});
$('#as-of-now').addEventListener('click', backToNow);
$('#sign-in-retry').addEventListener('click', () => checkSession());
$('#sign-in-title').setAttribute('tabindex', '-1');
window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && session.me) refreshCurrent();
});
checkSession();
