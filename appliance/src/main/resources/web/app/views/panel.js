// The waiting-room call panel (/panel#token=…): a TV shows the patient being called (first name and the initial of the
// last name) and the room, with a chime, and the last calls. No login: the display token, made by an admin, grants this
// panel only. It reloads on every push of /ws/panel (and every 15 s should the socket be down).

import {h, replace} from '../dom.js';
import {t, formatInstantTime} from '../i18n.js';

const FALLBACK_MS = 15000;

export function mount(container) {
    const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') || '';
    const current = h('div', {class: 'panel-current', 'data-testid': 'panel-current', 'aria-live': 'assertive'});
    const previous = h('ol', {class: 'panel-previous', 'data-testid': 'panel-previous'});
    const problem = h('p', {class: 'panel-problem', role: 'alert', hidden: true});
    const sound = h('button', {type: 'button', class: 'panel-sound', 'data-action': 'sound', onclick: () => {
        audio();
        sound.hidden = true;
    }}, t('panel.sound'));
    const clock = h('span', {class: 'panel-clock'});
    replace(container, h('section', {class: 'panel-page', 'data-testid': 'panel'},
        h('header', {class: 'panel-header'}, h('h1', {}, t('panel.title')), clock, sound),
        problem,
        h('div', {class: 'panel-now'}, h('h2', {}, t('panel.current')), current),
        h('div', {class: 'panel-history'}, h('h2', {}, t('panel.previous')), previous)));
    document.body.classList.add('panel-mode');
    document.body.dataset.chimes = '0';

    let context = null;
    const audio = () => {
        if (!context) {
            context = new AudioContext();
        }
        return context;
    };
    /** Two soft tones, as waiting-room panels do; counted in data-chimes (the tests read it). */
    const chime = () => {
        document.body.dataset.chimes = String(Number(document.body.dataset.chimes) + 1);
        try {
            const ctx = audio();
            [[660, 0], [880, 0.35]].forEach(([frequency, delay]) => {
                const oscillator = ctx.createOscillator();
                const gain = ctx.createGain();
                oscillator.frequency.value = frequency;
                gain.gain.setValueAtTime(0.0001, ctx.currentTime + delay);
                gain.gain.exponentialRampToValueAtTime(0.4, ctx.currentTime + delay + 0.02);
                gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + delay + 0.6);
                oscillator.connect(gain).connect(ctx.destination);
                oscillator.start(ctx.currentTime + delay);
                oscillator.stop(ctx.currentTime + delay + 0.65);
            });
        } catch {
            // No sound device: the panel still shows the call.
        }
    };

    let lastCall = null;
    const render = items => {
        const [now, ...before] = items;
        replace(current, now
            ? [h('p', {class: 'panel-name', 'data-testid': 'panel-name'}, now.name),
                h('p', {class: 'panel-room', 'data-testid': 'panel-room'}, now.room ? `${t('panel.room')}: ${now.room}` : '')]
            : h('p', {class: 'panel-wait'}, t('panel.none')));
        replace(previous, before.map(call => h('li', {},
            h('span', {class: 'panel-prev-name'}, call.name),
            h('span', {class: 'panel-prev-room'}, call.room || ''),
            h('span', {class: 'panel-prev-time'}, formatInstantTime(call.calledAt)))));
        const key = now ? `${now.id}@${now.calledAt}` : null;
        if (key && lastCall !== null && key !== lastCall) {
            chime();
        }
        lastCall = key ?? '';
    };

    const load = async () => {
        try {
            const response = await fetch('/panel/calls', {headers: {Authorization: `Display ${token}`}, cache: 'no-store'});
            if (response.status === 401) {
                problem.textContent = t('panel.badToken');
                problem.hidden = false;
                return false;
            }
            const body = await response.json();
            problem.hidden = true;
            render(body.items);
            return true;
        } catch {
            return true; // the node is restarting; the socket's reconnect or the fallback loads again
        }
    };

    let socket = null;
    let stopped = false;
    let retry = null;
    const connect = () => {
        if (stopped) {
            return;
        }
        const opened = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/panel`);
        socket = opened;
        opened.addEventListener('open', () => opened.send(JSON.stringify({type: 'auth', token})));
        opened.addEventListener('message', event => {
            const message = JSON.parse(event.data);
            if (message.type === 'changed' || message.type === 'ready') {
                load();
            }
        });
        opened.addEventListener('close', event => {
            if (event.code === 4401) {
                problem.textContent = t('panel.badToken');
                problem.hidden = false;
                return;
            }
            retry = setTimeout(connect, 2000);
        });
    };
    const tick = () => {
        clock.textContent = formatInstantTime(new Date().toISOString());
    };
    tick();
    const clockTimer = setInterval(tick, 10000);
    const fallback = setInterval(load, FALLBACK_MS);
    load().then(valid => valid && connect());
    return () => {
        stopped = true;
        clearTimeout(retry);
        clearInterval(clockTimer);
        clearInterval(fallback);
        socket?.close(1000, 'panel closed');
    };
}
