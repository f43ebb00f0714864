// The front-desk app: session, the shell (top bar, navigation, connection and live status) and a small
// hash router that mounts one view at a time. Views live in views/; each exports mount(container, params)
// returning an optional cleanup function.

import {h, replace, icon} from './dom.js';
import {t, setLanguage, LANGUAGES} from './i18n.js';
import {get, del, setToken, token, onConnection, onUnauthorized, onActivity, refreshNodes, currentBase} from './api.js';
import {startLive, stopLive, onLiveStatus} from './live.js';
import {setOwner, clearAllDrafts} from './drafts.js';
import {setNoticeArea, notify} from './ui.js';
import * as loginView from './views/login.js';
import * as searchView from './views/search.js';
import * as patientFormView from './views/patient-form.js';
import * as patientView from './views/patient.js';
import * as agendaView from './views/agenda.js';
import * as boardView from './views/board.js';
import * as adminView from './views/admin.js';
import * as weekView from './views/week.js';
import * as confirmationsView from './views/confirmations.js';
import * as mineView from './views/mine.js';
import * as panelView from './views/panel.js';

const SESSION_KEY = 'cn.session';
const RETURN_KEY = 'cn.returnTo';
const DEADLINE_KEY = 'cn.idleDeadline';
const app = document.getElementById('app');

const state = {
    session: null,
    idleDeadline: 0,
    idleTimer: null,
    cleanup: null,
};

function hasRole(role) {
    return Boolean(state.session?.roles?.includes(role));
}

export function navigate(hash) {
    if (location.hash === hash) {
        route();
    } else {
        location.hash = hash;
    }
}

// ---- Session ---------------------------------------------------------------------------------------------

/** How often the app refreshes its list of the cluster's nodes (for failover). */
const NODES_REFRESH_MS = 30000;

/** Called by the login view with the answer of POST /api/session. */
export function loggedIn(answer) {
    sessionStorage.removeItem('cn.loginMessage');
    setToken(answer.token);
    const session = {user: answer.user, roles: answer.roles, idleTimeoutSeconds: answer.idleTimeoutSeconds};
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    localStorage.setItem('cn.language', answer.user.language);
    begin(session);
    const back = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    navigate(back && !back.startsWith('#/login') ? back : homeOf(session));
}

function begin(session, restored = false) {
    state.session = session;
    setLanguage(session.user.language);
    setOwner(session.user.username);
    // A reload keeps the idle deadline of the session it continues.
    const deadline = Number(sessionStorage.getItem(DEADLINE_KEY));
    if (restored && deadline && deadline <= Date.now()) {
        end('expired');
        return false;
    }
    touchIdle(restored && deadline ? deadline : undefined);
    startLive(() => checkSession());
    refreshNodes();
    clearInterval(state.nodesTimer);
    state.nodesTimer = setInterval(refreshNodes, NODES_REFRESH_MS);
    return true;
}

function touchIdle(deadline) {
    if (!state.session) {
        return;
    }
    state.idleDeadline = deadline || Date.now() + state.session.idleTimeoutSeconds * 1000;
    sessionStorage.setItem(DEADLINE_KEY, String(state.idleDeadline));
    clearTimeout(state.idleTimer);
    state.idleTimer = setTimeout(() => end('expired'), state.idleDeadline - Date.now() + 1000);
}

/** Asks the server whether the session is still open; ends it here if not. */
async function checkSession() {
    if (!token()) {
        return;
    }
    try {
        await get('/api/session');
    } catch (error) {
        if (error.status === 401) {
            end(Date.now() >= state.idleDeadline ? 'expired' : 'revoked');
        }
    }
}

/**
 * Ends the session on this screen. Drafts stay (unless the user logged out) so that logging in again
 * brings back what was being typed; the current address is remembered to return to.
 */
function end(reason) {
    if (!state.session && !token()) {
        return;
    }
    const minutes = Math.round((state.session?.idleTimeoutSeconds || 1800) / 60);
    if (reason === 'expired' && token()) {
        // The node ends it by itself at about the same moment; make sure, without waiting for the answer.
        fetch(`${currentBase()}/api/session`, {method: 'DELETE', headers: {Authorization: `Bearer ${token()}`}, keepalive: true})
            .catch(() => {});
    }
    clearTimeout(state.idleTimer);
    clearInterval(state.nodesTimer);
    stopLive();
    setToken(null);
    sessionStorage.removeItem(SESSION_KEY);
    sessionStorage.removeItem(DEADLINE_KEY);
    state.session = null;
    if (reason === 'logout') {
        clearAllDrafts();
        sessionStorage.removeItem(RETURN_KEY);
    } else if (!location.hash.startsWith('#/login')) {
        sessionStorage.setItem(RETURN_KEY, location.hash || '#/patients');
    }
    sessionStorage.setItem('cn.loginMessage', JSON.stringify({reason, minutes}));
    navigate('#/login');
}

async function logout() {
    try {
        await del('/api/session');
    } catch {
        // Logged out here either way; an unreachable server ends the session by its idle timeout.
    }
    end('logout');
}

// ---- Shell -----------------------------------------------------------------------------------------------

const NAV = [
    {hash: '#/mine', key: 'nav.mine', linked: true},
    {hash: '#/patients', key: 'nav.patients'},
    {hash: '#/agenda', key: 'nav.agenda'},
    {hash: '#/week', key: 'nav.week'},
    {hash: '#/confirmations', key: 'nav.confirmations'},
    {hash: '#/board', key: 'nav.board'},
    {hash: '#/admin', key: 'nav.admin', role: 'ADMIN'},
];

function shell() {
    const liveDot = h('span', {class: 'live-status', role: 'status'});
    const unsubscribeLive = onLiveStatus(live => {
        liveDot.classList.toggle('on', live);
        liveDot.title = live ? t('live.onHint') : t('live.offHint');
        replace(liveDot, h('span', {class: 'dot', 'aria-hidden': 'true'}), live ? t('live.on') : t('live.off'));
    });
    const nav = h('nav', {class: 'main-nav', 'aria-label': t('nav.main')},
        h('ul', {}, NAV.filter(item => (!item.role || hasRole(item.role)) && (!item.linked || currentUser()?.practitionerId)).map(item =>
            h('li', {}, h('a', {href: item.hash, dataset: {nav: item.hash}}, t(item.key))))));
    const header = h('header', {class: 'topbar'},
        h('a', {class: 'brand', href: '#/patients'},
            h('span', {class: 'brand-mark', 'aria-hidden': 'true'}, '+'), t('app.name')),
        nav,
        h('div', {class: 'topbar-end'},
            liveDot,
            h('span', {class: 'user-name'}, icon('user'), state.session.user.displayName),
            h('button', {type: 'button', class: 'button ghost', onclick: logout, 'data-action': 'logout'},
                icon('logout'), t('nav.logout'))));
    const banner = h('div', {class: 'connection-banner', role: 'alert', hidden: true});
    const main = h('main', {id: 'main', class: 'main', tabindex: '-1'});
    const notices = h('div', {class: 'notices', 'aria-live': 'polite'});
    setNoticeArea(notices);
    replace(app, h('a', {class: 'skip-link', href: '#main', onclick: event => {
        event.preventDefault();
        main.focus();
    }}, t('nav.skip')), header, banner, main, notices);
    return {main, nav, banner, unsubscribeLive};
}

let frame = null;

function showShell() {
    if (!frame || !app.contains(frame.main)) {
        frame?.unsubscribeLive();
        frame = shell();
    }
    return frame;
}

onConnection(online => {
    if (!frame) {
        return;
    }
    if (online) {
        frame.banner.hidden = true;
        notify(t('conn.back'));
    } else {
        frame.banner.textContent = t('conn.lost');
        frame.banner.hidden = false;
    }
});
onUnauthorized(() => end(Date.now() >= state.idleDeadline ? 'expired' : 'revoked'));
onActivity(() => touchIdle());

// ---- Router ----------------------------------------------------------------------------------------------

function parse(hash) {
    const [path, query = ''] = (hash.replace(/^#/, '') || '/patients').split('?');
    return {parts: path.split('/').filter(Boolean), query: new URLSearchParams(query)};
}

function route() {
    // A dialog belongs to the screen that opened it.
    document.querySelectorAll('dialog[open]').forEach(dialog => dialog.close());
    state.cleanup?.();
    state.cleanup = null;
    const {parts, query} = parse(location.hash);
    if (parts[0] === 'login' || !state.session) {
        if (state.session) {
            navigate('#/patients');
            return;
        }
        if (parts[0] !== 'login') {
            sessionStorage.setItem(RETURN_KEY, location.hash);
            location.replace('#/login');
            return;
        }
        frame?.unsubscribeLive();
        frame = null;
        setNoticeArea(null);
        state.cleanup = loginView.mount(app, {languages: LANGUAGES});
        return;
    }
    const {main, nav} = showShell();
    const view = pick(parts);
    nav.querySelectorAll('a').forEach(link => {
        if (location.hash.startsWith(link.dataset.nav)) {
            link.setAttribute('aria-current', 'page');
        } else {
            link.removeAttribute('aria-current');
        }
    });
    main.replaceChildren();
    state.cleanup = view.module.mount(main, {...view.params, query}) || null;
}

function pick(parts) {
    const [section, id, action] = parts;
    if (section === 'patients' && id === 'new') {
        return {module: patientFormView, params: {}};
    }
    if (section === 'patients' && id && action === 'edit') {
        return {module: patientFormView, params: {id}};
    }
    if (section === 'patients' && id) {
        return {module: patientView, params: {id}};
    }
    if (section === 'agenda') {
        return {module: agendaView, params: {date: id}};
    }
    const deskDay = pickDeskDay(section, id);
    if (deskDay) {
        return deskDay;
    }
    if (section === 'board') {
        return {module: boardView, params: {}};
    }
    if (section === 'admin' && hasRole('ADMIN')) {
        return {module: adminView, params: {tab: id || 'users'}};
    }
    return {module: searchView, params: {}};
}

// ---- The front desk's day (issue 11, part B): the week, the confirmation list, "meus pacientes" -------------

/** The logged-in user as the session gave it ({username, displayName, language, practitionerId}), or null. */
export function currentUser() {
    return state.session?.user || null;
}

/** Where a login lands: a practitioner's own patients first, everyone else the patient search. */
function homeOf(session) {
    return session.user?.practitionerId ? '#/mine' : '#/patients';
}

function pickDeskDay(section, id) {
    if (section === 'week') {
        return {module: weekView, params: {date: id}};
    }
    if (section === 'confirmations') {
        return {module: confirmationsView, params: {date: id}};
    }
    if (section === 'mine') {
        return {module: mineView, params: {date: id}};
    }
    return null;
}

async function boot() {
    setLanguage(localStorage.getItem('cn.language') || document.documentElement.lang || 'pt-BR');
    // The waiting-room TV: the call panel, opened with a display token, never the front desk (no login, no session).
    if (location.pathname === '/panel') {
        panelView.mount(app);
        return;
    }
    const stored = sessionStorage.getItem(SESSION_KEY);
    window.addEventListener('hashchange', route);
    if (token() && stored) {
        if (!begin(JSON.parse(stored), true)) {
            return;
        }
        // Confirm with the server in the background: a reload must not cost the desk its screen offline.
        checkSession();
    }
    route();
}

boot();
