// The dashboard's pages: the clinic list (worst first), one clinic's page, and the login form. Each page is a
// load() that fetches its JSON and a render(data) that builds its DOM; main.js refreshes them on a timer.
import {api} from './api.js';
import {h} from './dom.js';
import {timeChart} from './chart.js';
import {ago, bytes, clock, count, duration, secondsBehind, stateClass} from './format.js';

const STATES = ['silent', 'errors', 'behind', 'in sync'];

function badge(status) {
    return h('span', {class: 'badge ' + stateClass(status), data: {testid: 'status'}}, status);
}

export const clinicList = {
    title: () => 'Clinics',
    load: () => api('GET', '/api/clinics'),
    render(data) {
        const counts = STATES.map(state => [state, data.items.filter(item => item.status === state).length])
            .filter(([, n]) => n > 0)
            .map(([state, n]) => h('span', {class: 'count'}, badge(state), ' ', String(n)));
        const rows = data.items.map(clinic => h('tr', {class: stateClass(clinic.status), data: {clinicId: clinic.id, status: clinic.status}},
            h('td', {}, badge(clinic.status)),
            h('td', {}, h('a', {href: '#/clinics/' + encodeURIComponent(clinic.id)}, clinic.name),
                clinic.name !== clinic.id ? h('div', {class: 'muted mono'}, clinic.id) : null,
                lastError(clinic, 'div')),
            h('td', {class: 'num', data: {testid: 'seconds-behind'}}, secondsBehind(clinic.secondsBehind)),
            h('td', {class: 'num'}, count(clinic.backlogEvents)),
            h('td', {data: {testid: 'last-contact'}, title: clinic.lastContactAt || ''}, ago(clinic.secondsSinceContact)),
            h('td', {class: 'num', data: {testid: 'nodes'}}, String(clinic.nodes)),
            h('td', {}, clinic.versions.length ? clinic.versions.map(version => h('span', {class: 'tag'}, version)) : '—'),
            h('td', {class: 'num'}, count(clinic.deadLetters24h)),
            h('td', {class: 'num'}, count(clinic.conflicts24h))));
        return h('section', {data: {testid: 'clinic-list'}},
            h('h1', {}, 'Clinics'),
            h('p', {class: 'sub'}, `Worst first. Silent: no contact for more than ${duration(data.silentAfterSeconds)}; `
                + `behind: backlog older than ${duration(data.behindAfterSeconds)}; errors: dead letters in the last 24 h `
                + 'or a sync error reported by the clinic.'),
            h('div', {class: 'counts'}, counts),
            data.items.length === 0
                ? h('p', {class: 'muted'}, 'No clinic is registered at central yet (clinicnode central-add-clinic ID).')
                : h('table', {},
                    h('thead', {}, h('tr', {},
                        h('th', {}, 'Status'), h('th', {}, 'Clinic'), h('th', {class: 'num'}, 'Behind'),
                        h('th', {class: 'num'}, 'Backlog'), h('th', {}, 'Last contact'), h('th', {class: 'num'}, 'Nodes'),
                        h('th', {}, 'Versions'), h('th', {class: 'num'}, 'Dead letters 24 h'), h('th', {class: 'num'}, 'Conflicts 24 h'))),
                    h('tbody', {}, rows)));
    },
};

export function clinicPage(id) {
    return {
        title: () => id,
        load: () => api('GET', '/api/clinics/' + encodeURIComponent(id)),
        render(data) {
            const clinic = data.clinic;
            const lag = data.lag;
            const throughput = data.throughput;
            return h('section', {data: {testid: 'clinic-page', clinicId: clinic.id, status: clinic.status}},
                h('p', {}, h('a', {href: '#/'}, '← All clinics')),
                h('h1', {}, clinic.name, ' ', badge(clinic.status)),
                h('p', {class: 'sub mono'}, clinic.id),
                lastError(clinic, 'p'),
                h('div', {class: 'cards'},
                    card('Behind', secondsBehind(clinic.secondsBehind)),
                    card('Backlog', count(clinic.backlogEvents) + ' events'),
                    card('Last contact', ago(clinic.secondsSinceContact)),
                    card('Nodes', String(clinic.nodes)),
                    card('Events last hour', count(throughput.eventsLastHour), 'throughput-hour'),
                    card('Events last 24 h', count(throughput.eventsLast24h))),
                h('h2', {}, 'Nodes'),
                nodesTable(data.nodes),
                h('h2', {}, 'Sync lag, last 24 h'),
                h('div', {class: 'chart'},
                    timeChart({from: throughput.since, to: throughput.until, points: lag.points, bucketSeconds: lag.bucketSeconds,
                        lines: [{key: 'maxMs', cls: 'series-max'}, {key: 'p99Ms', cls: 'series-p99'}], format: milliseconds,
                        label: 'Sync lag over the last 24 hours', testid: 'lag-chart', emptyText: 'No batches in the last 24 h'}),
                    h('div', {class: 'legend'}, h('span', {class: 'key-p99'}, 'p99 (worst minute of each 5)'),
                        h('span', {class: 'key-max'}, 'maximum'))),
                h('h2', {}, 'Throughput, events per 5 minutes'),
                h('div', {class: 'chart'},
                    timeChart({from: throughput.since, to: throughput.until, points: lag.points, bucketSeconds: lag.bucketSeconds,
                        bars: 'events', format: value => count(Math.round(value)), label: 'Events shipped per 5 minutes',
                        testid: 'throughput-chart', emptyText: 'No events shipped in the last 24 h'})),
                h('h2', {}, `Dead letters (${count(data.deadLetters.total)})`),
                deadLetterTable(data.deadLetters.items),
                h('h2', {}, `Conflicts reported (${count(data.conflicts.total)})`),
                conflictTable(data.conflicts.items));
        },
    };
}

/** The leader's last sync error: red while it holds, then kept, muted, as history (its text carries its time). */
function lastError(clinic, tag) {
    if (!clinic.lastError) {
        return null;
    }
    return clinic.errorOpen
        ? h(tag, {class: 'error-text', data: {testid: 'last-error'}}, 'Last sync error: ' + clinic.lastError)
        : h(tag, {class: 'muted', data: {testid: 'last-error'}}, 'Resolved sync error: ' + clinic.lastError);
}

function card(label, value, testid) {
    return h('div', {class: 'card', data: testid ? {testid} : {}}, h('div', {class: 'label'}, label), h('div', {class: 'value'}, value));
}

function milliseconds(value) {
    return value >= 10000 ? Math.round(value / 1000) + ' s' : Math.round(value) + ' ms';
}

function nodesTable(nodes) {
    if (nodes.length === 0) {
        return h('p', {class: 'muted'}, 'No heartbeat from this clinic yet.');
    }
    return h('table', {data: {testid: 'nodes-table'}},
        h('thead', {}, h('tr', {}, h('th', {}, 'Node'), h('th', {}, 'Version'), h('th', {}, 'Role'),
            h('th', {class: 'num'}, 'Journal'), h('th', {class: 'num'}, 'Backlog'), h('th', {}, 'Last heartbeat'), h('th', {}, 'Last error'))),
        h('tbody', {}, nodes.map(node => h('tr', {data: {nodeId: node.id}, class: node.current ? '' : 'muted'},
            h('td', {class: 'mono'}, node.id),
            h('td', {}, node.version || '—'),
            h('td', {}, node.leader ? 'leader' : 'member', node.current ? '' : ' (gone)'),
            h('td', {class: 'num'}, bytes(node.journalBytes)),
            h('td', {class: 'num'}, node.leader ? `${count(node.backlogEvents)} · ${secondsBehind(node.backlogSeconds)}` : '—'),
            h('td', {title: node.reportedAt}, ago(node.secondsSinceReport)),
            h('td', {class: 'error-text'}, node.lastError || '')))));
}

function deadLetterTable(items) {
    if (items.length === 0) {
        return h('p', {class: 'muted', data: {testid: 'no-dead-letters'}}, 'No dead letters: every event reached central.');
    }
    return h('table', {data: {testid: 'dead-letters'}},
        h('thead', {}, h('tr', {}, h('th', {}, 'Event'), h('th', {}, 'Type'), h('th', {}, 'Key'), h('th', {}, 'Error'),
            h('th', {class: 'num'}, 'Attempts'), h('th', {}, 'Last attempt'))),
        h('tbody', {}, items.map(item => h('tr', {},
            h('td', {class: 'mono'}, `${item.origin}:${item.originSeq}`),
            h('td', {}, item.type),
            h('td', {class: 'mono'}, item.key),
            h('td', {class: 'error-text'}, item.error),
            h('td', {class: 'num'}, String(item.attempts)),
            h('td', {}, clock(item.lastAttemptAt))))));
}

function conflictTable(items) {
    if (items.length === 0) {
        return h('p', {class: 'muted'}, 'No conflicts reported.');
    }
    return h('table', {data: {testid: 'conflicts'}},
        h('thead', {}, h('tr', {}, h('th', {}, 'Kind'), h('th', {}, 'Key'), h('th', {}, 'Detail'), h('th', {}, 'Reported'))),
        h('tbody', {}, items.map(item => h('tr', {},
            h('td', {}, item.kind),
            h('td', {class: 'mono'}, item.key),
            h('td', {class: 'mono'}, item.detail),
            h('td', {}, clock(item.reportedAt))))));
}

/** The login form; onDone() once logged in. */
export function loginForm(onDone, reason) {
    const problem = h('p', {class: 'problem', role: 'alert', data: {testid: 'login-problem'}}, reason || '');
    const username = h('input', {id: 'login-username', name: 'username', autocomplete: 'username', required: true});
    const password = h('input', {id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
    const form = h('form', {class: 'login', data: {testid: 'login'}},
        h('h1', {}, 'Central sync'),
        h('p', {class: 'sub'}, 'Log in with your central office account.'),
        h('label', {for: 'login-username'}, 'Username'), username,
        h('label', {for: 'login-password'}, 'Password'), password,
        h('button', {type: 'submit'}, 'Log in'),
        problem);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        problem.textContent = '';
        try {
            const session = await api('POST', '/api/session', {username: username.value, password: password.value});
            onDone(session);
        } catch (e) {
            problem.textContent = e.message;
            password.select();
        }
    });
    queueMicrotask(() => username.focus());
    return form;
}
