// Talks to the node's JSON API: adds the session token, turns problem+json answers into ApiError with a
// sentence and per-field errors, notices a lost connection (and when it is back), and reports a session
// that has ended so the app can send the user to the login screen without losing what was typed.
//
// Failover (G6): the app knows every node of the clinic's cluster (GET /api/cluster/nodes). When the node it
// talks to stops answering, it carries on with the next one: reads are retried there at once, and the next
// save goes there (a save that got no answer is never sent again behind the user's back; the form keeps
// what was typed). Sessions are shared by the cluster, so no new login is needed.

const WRITE_TIMEOUT_MS = 10000;
/** A read with no answer within this long tries the next node: a powered-off node never answers at all. */
const READ_TIMEOUT_MS = 2500;
const TOKEN_KEY = 'cn.token';
const NODES_KEY = 'cn.nodes';
const BASE_KEY = 'cn.base';

/** A refused or failed request. kind is 'network' (no answer), 'http' (an answer with an error status). */
export class ApiError extends Error {
    constructor(kind, status, problem) {
        // The server's English detail is for logs and the console; the app shows the sentence for `code` instead.
        super(problem?.detail || problem?.title || kind);
        this.kind = kind;
        this.status = status;
        /** The refusal's stable code (e.g. 'slot.taken'), which the app translates; '' when it has none. */
        this.code = problem?.code || '';
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

/** The node the app talks to now: '' for the node that served the page, else its base URL. */
export function currentBase() {
    return sessionStorage.getItem(BASE_KEY) || '';
}

function setBase(value) {
    const own = location.origin;
    if (!value || value === own) {
        sessionStorage.removeItem(BASE_KEY);
    } else {
        sessionStorage.setItem(BASE_KEY, value);
    }
}

function knownNodes() {
    try {
        const nodes = JSON.parse(sessionStorage.getItem(NODES_KEY) || '[]');
        return Array.isArray(nodes) ? nodes : [];
    } catch {
        return [];
    }
}

/** Learns the cluster's nodes (after login, and now and then); a node alone has just itself. */
export async function refreshNodes() {
    try {
        const answer = await send('GET', '/api/cluster/nodes', undefined);
        const urls = (answer?.nodes || []).map(node => node.httpUrl).filter(Boolean);
        if (urls.length) {
            sessionStorage.setItem(NODES_KEY, JSON.stringify(urls));
        }
    } catch {
        // Keep the list we had; the next refresh tries again.
    }
}

/** Moves on to the next known node after the current one stopped answering; false when there is none. */
export function failover() {
    const own = location.origin;
    const nodes = knownNodes();
    if (!nodes.includes(own)) {
        nodes.unshift(own);
    }
    if (nodes.length < 2) {
        return false;
    }
    const current = currentBase() || own;
    const index = nodes.indexOf(current);
    setBase(nodes[(index + 1) % nodes.length]);
    return true;
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

/**
 * While no node answers, asks every two seconds (the cheap page itself), moving on to the next known node
 * each time, until one does.
 */
function startProbe() {
    if (probe) {
        return;
    }
    probe = setInterval(async () => {
        try {
            const response = await fetch(`${currentBase()}/`, {cache: 'no-store', signal: AbortSignal.timeout(1500)});
            if (response.ok) {
                clearInterval(probe);
                probe = null;
                setOnline(true);
            }
        } catch {
            failover(); // still down: the next tick asks the next node
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
            await new Promise(resolve => setTimeout(resolve, 150 * attempt));
        }
        try {
            return await send(method, path, body);
        } catch (error) {
            last = error;
            const unavailable = error.kind === 'http' && error.status === 503;
            if (error.kind === 'network' || unavailable) {
                // This node is gone or cannot serve: the next attempt, or the user's next action, uses another.
                failover();
            }
            if (error.kind !== 'network' && !(unavailable && method === 'GET')) {
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
        response = await fetch(`${currentBase()}${path}`, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            cache: 'no-store',
            signal: AbortSignal.timeout(method === 'GET' ? READ_TIMEOUT_MS : WRITE_TIMEOUT_MS),
        });
    } catch {
        setOnline(false);
        throw new ApiError('network', 0, null);
    }
    setOnline(true);
    if (response.headers.get('ClinicNode-Draining')) {
        // This node is about to stop (a restart or an upgrade): this answer stands, the next request goes elsewhere.
        failover();
    }
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
