// The dashboard's entry point: routes (#/ the clinic list, #/clinics/ID a clinic), the login form when there is no
// session, and the refresh loop that fetches the page's JSON every refreshSeconds and redraws it without a reload.
import {api, onUnauthorized, setToken, token} from './api.js';
import {clinicList, clinicPage, loginForm} from './views.js';

const view = document.getElementById('view');
const banner = document.getElementById('banner');
const updated = document.getElementById('updated');
const who = document.getElementById('who');
const logout = document.getElementById('logout');

let generation = 0;
let timer = null;

function route() {
    const match = location.hash.match(/^#\/clinics\/(.+)$/);
    return match ? clinicPage(decodeURIComponent(match[1])) : clinicList;
}

function showLogin(reason) {
    stop();
    who.textContent = '';
    logout.hidden = true;
    updated.textContent = '';
    banner.hidden = true;
    view.replaceChildren(loginForm(session => {
        setToken(session.token);
        signedIn(session);
        start();
    }, reason));
}

function signedIn(session) {
    who.textContent = session.user.displayName;
    logout.hidden = false;
}

function stop() {
    generation++;
    clearTimeout(timer);
}

function start() {
    stop();
    const page = route();
    document.title = page.title() + ' · ClinicNode central sync';
    refresh(page, generation);
}

async function refresh(page, mine) {
    let nextSeconds = 5;
    try {
        const data = await page.load();
        if (mine !== generation) {
            return;
        }
        view.replaceChildren(page.render(data));
        banner.hidden = true;
        updated.textContent = 'Updated ' + new Date().toLocaleTimeString('en-GB');
        document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
        nextSeconds = data.refreshSeconds || nextSeconds;
    } catch (e) {
        if (mine !== generation || e.status === 401) {
            return;
        }
        if (e.status === 404) {
            view.replaceChildren(document.createTextNode(e.message));
        } else {
            banner.textContent = e.message + ' Retrying…';
            banner.hidden = false;
        }
    }
    if (mine === generation) {
        timer = setTimeout(() => refresh(page, mine), nextSeconds * 1000);
    }
}

onUnauthorized(() => showLogin('Your session has ended. Log in again.'));
window.addEventListener('hashchange', () => {
    if (token()) {
        start();
    }
});
logout.addEventListener('click', async () => {
    try {
        await api('DELETE', '/api/session');
    } catch (e) {
        // The session is forgotten here either way.
    }
    setToken(null);
    showLogin('');
});

async function boot() {
    if (!token()) {
        showLogin('');
        return;
    }
    try {
        signedIn(await api('GET', '/api/session'));
        start();
    } catch (e) {
        if (e.status !== 401) {
            showLogin(e.message);
        }
    }
}

boot();
