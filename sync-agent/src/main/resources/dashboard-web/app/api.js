// Talks to the dashboard's JSON API: adds the session token, turns problem+json answers into ApiError with their
// sentence, and reports a session that has ended so the page can show the login form.

const TIMEOUT_MS = 10000;
const TOKEN_KEY = 'cn.dashboard.token';

/** A refused or failed request. kind is 'network' (no answer) or 'http' (an answer with an error status). */
export class ApiError extends Error {
    constructor(kind, status, problem) {
        super(problem?.detail || problem?.title || (kind === 'network' ? 'The dashboard server does not answer.' : kind));
        this.kind = kind;
        this.status = status;
        this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    }
}

const unauthorized = new Set();

export function token() {
    return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
    if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
    } else {
        sessionStorage.removeItem(TOKEN_KEY);
    }
}

/** fn() when the server says the session is missing or has ended. */
export function onUnauthorized(fn) {
    unauthorized.add(fn);
}

export async function api(method, path, body) {
    const headers = {Accept: 'application/json'};
    const current = token();
    if (current) {
        headers.Authorization = 'Bearer ' + current;
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    let response;
    try {
        response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
            signal: abort.signal, cache: 'no-store'});
    } catch (e) {
        throw new ApiError('network', 0, null);
    } finally {
        clearTimeout(timer);
    }
    if (response.status === 204) {
        return null;
    }
    const json = await response.json().catch(() => null);
    if (!response.ok) {
        const isLogin = path === '/api/session' && method === 'POST';
        if (response.status === 401 && !isLogin) {
            setToken(null);
            unauthorized.forEach(fn => fn());
        }
        throw new ApiError('http', response.status, json);
    }
    return json;
}
