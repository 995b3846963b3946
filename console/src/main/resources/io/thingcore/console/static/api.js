// The console's only way to the gateway. AWS operations go to /console/api + the operation's own path (the same
// restJson1 request an SDK sends); errors come back in AWS's shape and are thrown as ApiError with AWS's message.
let csrfToken = null;

export class ApiError extends Error {
  constructor(type, status, message) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

async function request(method, url, { json, raw, headers = {} } = {}) {
  const init = { method, credentials: 'same-origin', cache: 'no-store', headers: { ...headers } };
  if (method !== 'GET') init.headers['x-thingcore-csrf'] = csrfToken || '';
  if (json !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (raw !== undefined) {
    init.headers['content-type'] = 'text/plain';
    init.body = raw;
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw new ApiError('NetworkError', 0, 'Cannot reach the gateway: ' + e.message);
  }
  const text = await response.text();
  let data = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch (ignored) {
    data = { message: text };
  }
  if (!response.ok) {
    const type = response.headers.get('x-amzn-ErrorType') || data.__type || 'Error';
    if (response.status === 401 && url !== '/console/session') {
      location.assign('/console/sign-in');
    }
    throw new ApiError(type, response.status, data.message || `HTTP ${response.status}`);
  }
  return data;
}

function queryString(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(name, String(value));
  }
  const s = params.toString();
  return s ? '?' + s : '';
}

/** Reads the session (and its CSRF token); null when not signed in. */
export async function loadSession() {
  try {
    const session = await request('GET', '/console/session');
    csrfToken = session.csrfToken;
    return session;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export async function signOut() {
  await request('DELETE', '/console/session');
  csrfToken = null;
}

/** One AWS IoT operation: aws('GET', '/things', { query: { maxResults: 250 } }). */
export function aws(method, path, options = {}) {
  return request(method, '/console/api' + path + queryString(options.query), options);
}

/** The console's own endpoints: settings, policy validation, the broker. */
export function gateway(method, path, options = {}) {
  return request(method, '/console/gateway' + path + queryString(options.query), options);
}

export const enc = encodeURIComponent;

/** Every item of a marker-paginated list operation. */
export async function listAll(path, member, query = {}) {
  const items = [];
  let marker;
  do {
    const page = await aws('GET', path, { query: { ...query, pageSize: 250, marker } });
    items.push(...(page[member] || []));
    marker = page.nextMarker;
  } while (marker);
  return items;
}

/** Every item of a nextToken-paginated list operation. */
export async function listAllTokens(path, member, options = {}) {
  const items = [];
  let nextToken;
  do {
    const page = await aws(options.method || 'GET', path, {
      ...options,
      query: { ...(options.query || {}), maxResults: 250, nextToken },
    });
    items.push(...(page[member] || []));
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}
