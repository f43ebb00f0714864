// The live feed: one WebSocket to /ws/board per screen. After each committed change anywhere in the clinic
// the node says which kinds of records changed; views subscribed to those kinds reload what they show.
// The socket authenticates with the session token as its first message and reconnects by itself.

import {token, currentBase, failover} from './api.js';

const ALL = ['appointment', 'checkin', 'waiting', 'practitioner', 'patient', 'user'];
const subscribers = new Set();
const statusListeners = new Set();
let socket = null;
let live = false;
let wanted = false;
let retryDelay = 250;
let retryTimer = null;
let keepAlive = null;
let fallback = null;
/** Without the socket, screens still reload this often, so a desk behind a proxy that blocks WebSockets is never far behind. */
const FALLBACK_MS = 10000;
let unauthorizedHandler = () => {};

export function startLive(onUnauthorized) {
    unauthorizedHandler = onUnauthorized;
    wanted = true;
    clearInterval(fallback);
    fallback = setInterval(() => {
        if (!live) {
            notify(ALL);
        }
    }, FALLBACK_MS);
    connect();
}

export function stopLive() {
    wanted = false;
    clearInterval(fallback);
    clearTimeout(retryTimer);
    clearInterval(keepAlive);
    if (socket) {
        socket.close(1000, 'logout');
        socket = null;
    }
    setLive(false);
}

/** fn(entities) when records of any of the given kinds change. Returns an unsubscribe function. */
export function onChange(kinds, fn) {
    const subscriber = {kinds: new Set(kinds), fn};
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
}

/** fn(live) whenever the feed connects or drops. */
export function onLiveStatus(fn) {
    statusListeners.add(fn);
    fn(live);
    return () => statusListeners.delete(fn);
}

function setLive(value) {
    if (live !== value) {
        live = value;
        statusListeners.forEach(fn => fn(value));
    }
}

function connect() {
    if (!wanted || socket) {
        return;
    }
    const current = token();
    if (!current) {
        return;
    }
    const base = currentBase();
    const opened = new WebSocket(base
        ? `${base.replace(/^http/, 'ws')}/ws/board`
        : `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/board`);
    socket = opened;
    let everReady = false;
    opened.addEventListener('open', () => opened.send(JSON.stringify({type: 'auth', token: current})));
    opened.addEventListener('message', event => {
        let message;
        try {
            message = JSON.parse(event.data);
        } catch {
            return;
        }
        if (message.type === 'ready') {
            const wasDown = retryDelay > 250;
            everReady = true;
            retryDelay = 250;
            setLive(true);
            clearInterval(keepAlive);
            keepAlive = setInterval(() => opened.readyState === WebSocket.OPEN && opened.send('{"type":"ping"}'), 25000);
            if (wasDown) {
                // Changes made while the socket was down were not pushed: reload everything shown.
                notify(ALL);
            }
        } else if (message.type === 'changed') {
            notify(message.entities || ALL);
        } else if (message.type === 'move') {
            // The node is about to stop: use another from now on, and follow the feed there.
            failover();
            opened.close(1000, 'moving');
        }
    });
    opened.addEventListener('close', event => {
        if (socket === opened) {
            socket = null;
        }
        clearInterval(keepAlive);
        setLive(false);
        if (event.code === 4401) {
            unauthorizedHandler();
            return;
        }
        if (wanted) {
            if (!everReady) {
                failover(); // this node did not take the socket: try the next one (sessions are shared)
            }
            retryDelay = everReady ? 250 : Math.min(retryDelay * 2, 2000);
            retryTimer = setTimeout(connect, retryDelay);
        }
    });
}

function notify(entities) {
    const changed = new Set(entities);
    for (const subscriber of subscribers) {
        if ([...subscriber.kinds].some(kind => changed.has(kind))) {
            try {
                subscriber.fn([...changed]);
            } catch (error) {
                console.error('live update failed', error);
            }
        }
    }
}
