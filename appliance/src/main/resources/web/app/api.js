// Talks to the node's JSON API: adds the session token, turns problem+json answers into ApiError with a
// sentence and per-field errors, notices a lost connection (and when it is back), and reports a session
// that has ended so the app can send the user to the login screen without losing what was typed.

const TIMEOUT_MS = 10000;
const TOKEN_KEY = 'cn.token';

/** A refused or failed request. kind is 'network' (no answer), 'http' (an answer with an error status). */
export class ApiError extends Error {
    constructor(kind, status, problem) {
        super(problem?.detail || problem?.title || kind);
        this.kind = kind;
        this.status = status;
        this.title = problem?.title || '';
        this.detail = problem?.detail || '';
        this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
        this.retryAfter = problem?.retryAfter;
    }
}

const listeners = {connection: new Set(), unauthorized: new Set(), activity: new Set()};
let online = true;
let probe = null;

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

/** fn(online) whenever the server stops or starts answering. Returns an unsubscribe function. */
export function onConnection(fn) {
    listeners.connection.add(fn);
    return () => listeners.connection.delete(fn);
}

/** fn() when the server says the session is missing or has ended (401 on an authenticated call). */
export function onUnauthorized(fn) {
    listeners.unauthorized.add(fn);
    return () => listeners.unauthorized.delete(fn);
}

/** fn() after each successful authenticated call: the server has slid the session's idle deadline. */
export function onActivity(fn) {
    listeners.activity.add(fn);
    return () => listeners.activity.delete(fn);
}

function setOnline(value) {
    if (online === value) {
        return;
    }
    online = value;
    listeners.connection.forEach(fn => fn(value));
    if (!value) {
        startProbe();
    }
}

/** While the server does not answer, asks it every two seconds (the cheap page itself) until it does. */
function startProbe() {
    if (probe) {
        return;
    }
    probe = setInterval(async () => {
        try {
            const response = await fetch('/', {cache: 'no-store', signal: AbortSignal.timeout(1500)});
            if (response.ok) {
                clearInterval(probe);
                probe = null;
                setOnline(true);
            }
        } catch {
            // Still down; the next tick asks again.
        }
    }, 2000);
}

/**
 * Sends a request; resolves with the parsed JSON body (null for 204), rejects with ApiError.
 * GETs are retried a few times on network failure; writes never are (the user presses Save again,
 * with what they typed still in the form), so a change is never sent twice behind the user's back.
 */
export async function api(method, path, body) {
    const attempts = method === 'GET' ? 3 : 1;
    let last;
    for (let attempt = 0; attempt < attempts; attempt++) {
        if (attempt > 0) {
            await new Promise(resolve => setTimeout(resolve, 400 * attempt));
        }
        try {
            return await send(method, path, body);
        } catch (error) {
            last = error;
            if (error.kind !== 'network') {
                throw error;
            }
        }
    }
    throw last;
}

async function send(method, path, body) {
    const headers = {Accept: 'application/json'};
    const current = token();
    if (current) {
        headers.Authorization = `Bearer ${current}`;
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch(path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            cache: 'no-store',
            signal: AbortSignal.timeout(TIMEOUT_MS),
        });
    } catch {
        setOnline(false);
        throw new ApiError('network', 0, null);
    }
    setOnline(true);
    if (response.status === 401 && current && !(method === 'POST' && path === '/api/session')) {
        listeners.unauthorized.forEach(fn => fn());
    }
    if (!response.ok) {
        let problem = null;
        try {
            problem = await response.json();
        } catch {
            problem = {title: response.statusText};
        }
        const retryAfter = response.headers.get('Retry-After');
        if (retryAfter) {
            problem.retryAfter = Number(retryAfter);
        }
        throw new ApiError('http', response.status, problem);
    }
    if (current) {
        listeners.activity.forEach(fn => fn());
    }
    if (response.status === 204) {
        return null;
    }
    const text = await response.text();
    return text ? JSON.parse(text) : null;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const put = (path, body) => api('PUT', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = path => api('DELETE', path);
