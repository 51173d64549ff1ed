// Same-origin calls to the gateway. The session cookie signs them in (the page never sees a
// token); unsafe methods carry the XSRF-TOKEN cookie's value in X-XSRF-TOKEN.

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A refused or failed call, with the problem details the server sent (or ones made up for it). */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || { status, title: `HTTP ${status}` };
  }
}

const listeners = { unauthorized: [] };

/** Called with no argument whenever the gateway says the session is gone (401). */
export function onUnauthorized(fn) {
  listeners.unauthorized.push(fn);
}

export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'XSRF-TOKEN') return decodeURIComponent(rest.join('='));
  }
  return null;
}

// Read-your-writes: the X-Event-Position of the last command, passed once as ?waitFor= to the
// next query of the read models (projector paths only), so the refreshed view includes the change.
let pendingPosition = null;

export function lastPosition() {
  return pendingPosition;
}

/** Forgets the position once a query has waited for it (unless a newer command set another). */
export function positionSeen(position) {
  if (position && pendingPosition === position) pendingPosition = null;
}

// History: the instant (ISO-8601) the address and brand queries are asked about, or null for now.
// Only the projector's queries take it (not an address's removal progress, which is the address service's).
let asOfInstant = null;
const READ_MODEL_QUERY = /^\/api\/(addresses|brands)(\/|$)/;

export function asOf() {
  return asOfInstant;
}

/** From now on, asks the address and brand queries about that instant (ISO-8601); null: now. */
export function setAsOf(instant) {
  asOfInstant = instant || null;
}

/**
 * Calls the API. Returns {status, data, position}; throws ApiError on a non-2xx answer.
 * options: {method, body (JSON-encoded), query (object or URLSearchParams; empty values left out), signal, waitFor (bool)}
 */
export async function api(path, { method = 'GET', body, query, signal, waitFor = false, csrfRetried = false } = {}) {
  const params = new URLSearchParams();
  if (query) {
    const entries = query instanceof URLSearchParams ? query.entries() : Object.entries(query);
    for (const [key, value] of entries) {
      if (value != null && String(value).trim() !== '') params.set(key, String(value).trim());
    }
  }
  const position = waitFor ? pendingPosition : null;
  if (position) params.set('waitFor', position);
  if (asOfInstant && method === 'GET' && READ_MODEL_QUERY.test(path) && !path.endsWith('/removal')) params.set('at', asOfInstant);
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = UNSAFE.has(method) ? csrfToken() : null;
  if (token) headers['X-XSRF-TOKEN'] = token;
  const url = params.toString() ? `${path}?${params}` : path;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      redirect: 'manual', // a redirect to a login page means the session is gone, not data
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'The gateway did not answer', detail: 'Check the connection and try again.' });
  }
  if (response.type === 'opaqueredirect' || response.status === 401) {
    listeners.unauthorized.forEach((fn) => fn());
    throw new ApiError(401, { status: 401, title: 'Signed out', detail: 'Your session has ended; sign in again.' });
  }
  if (position && (response.status === 503 || response.status === 429)) {
    // the read models have not reached the write in time (or too many wait): answer without waiting
    positionSeen(position);
    return api(path, { method, body, query, signal, waitFor: false });
  }
  if (response.status === 403 && UNSAFE.has(method) && !csrfRetried && csrfToken() && csrfToken() !== token) {
    // the gateway refused the CSRF token and set a new one with the refusal (first call, or a rotated token): once more
    return api(path, { method, body, query, signal, waitFor, csrfRetried: true });
  }
  const type = response.headers.get('content-type') || '';
  let data = null;
  if (response.status !== 204 && type.includes('json')) {
    data = await response.json().catch(() => null);
  } else if (!response.ok) {
    await response.text().catch(() => '');
  }
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data
      : { status: response.status, title: response.statusText || `HTTP ${response.status}` });
  }
  const written = response.headers.get('X-Event-Position');
  if (written && UNSAFE.has(method)) pendingPosition = written;
  if (position) positionSeen(position);
  return { status: response.status, data, position: written };
}

export const get = (path, options = {}) => api(path, { ...options, method: 'GET' }).then((r) => r.data);

/** Encodes one path segment (ids go into paths). */
export const seg = (value) => encodeURIComponent(String(value));
