import {h, replace, debounce, keepingFocus} from '../dom.js';
import {t, formatInstantTime} from '../i18n.js';
import {get, patch} from '../api.js';
import {onChange} from '../live.js';
import {errorSentence, notify} from '../ui.js';

const COLUMNS = ['WAITING', 'CALLED', 'IN_CONSULTATION', 'DONE'];
const NEXT = {WAITING: ['CALLED', 'board.call'], CALLED: ['IN_CONSULTATION', 'board.start'], IN_CONSULTATION: ['DONE', 'board.finish']};

/** The waiting-room board: who waits, who was called, who is in consultation, who is done, and for how long. */
export function mount(container) {
    const columns = Object.fromEntries(COLUMNS.map(status => [status, h('ol', {class: 'board-list', 'data-status': status})]));
    const counts = Object.fromEntries(COLUMNS.map(status => [status, h('span', {class: 'count'}, '0')]));
    const error = h('p', {class: 'error-summary', role: 'alert', hidden: true});
    let entries = [];

    replace(container, h('section', {class: 'page board-page'},
        h('div', {class: 'page-header'}, h('h1', {}, t('board.title'))),
        error,
        h('div', {class: 'board', 'data-testid': 'board'}, COLUMNS.map(status =>
            h('section', {class: ['board-column', `column-${status}`], 'aria-labelledby': `board-${status}`},
                h('h2', {id: `board-${status}`}, t(`board.${status}`), ' ', counts[status]),
                columns[status])))));

    /** Minutes waited: until called, or until now while still waiting. */
    const waited = entry => {
        if (entry.checkedInAt) {
            const until = entry.calledAt ? new Date(entry.calledAt) : new Date();
            return Math.max(0, Math.floor((until - new Date(entry.checkedInAt)) / 60000));
        }
        return entry.waitedMinutes ?? 0;
    };

    const render = () => {
        for (const status of COLUMNS) {
            const items = entries.filter(entry => entry.status === status);
            counts[status].textContent = String(items.length);
            replace(columns[status], items.length === 0 ? h('li', {class: 'board-empty'}, t('board.empty')) : items.map(entry => {
                const next = NEXT[status];
                const minutes = waited(entry);
                return h('li', {class: ['board-card', status === 'WAITING' && minutes >= 30 ? 'long-wait' : null],
                    dataset: {entry: entry.id}},
                h('p', {class: 'board-name'}, entry.patientName),
                h('p', {class: 'muted'}, t('board.with', {practitioner: entry.practitionerName})),
                h('p', {class: 'board-times'},
                    entry.checkedInAt ? h('span', {}, t('board.arrived', {time: formatInstantTime(entry.checkedInAt)})) : null,
                    h('span', {class: 'waited', 'data-testid': 'waited'},
                        t(status === 'WAITING' ? 'board.waiting' : 'board.waited', {minutes}))),
                next ? h('button', {type: 'button', class: 'button secondary small', 'data-action': next[0].toLowerCase(),
                    dataset: {key: `${entry.id}:next`},
                    onclick: async event => {
                        event.currentTarget.disabled = true;
                        try {
                            await patch(`/api/waiting-room/${entry.id}`, {status: next[0]});
                            load();
                        } catch (failure) {
                            notify(errorSentence(failure), 'error');
                            load();
                        }
                    }}, t(next[1])) : null);
            }));
        }
    };

    let shownData = '';
    const load = async () => {
        try {
            const items = (await get('/api/waiting-room')).items;
            error.hidden = true;
            const data = JSON.stringify(items);
            if (data === shownData) {
                return;
            }
            shownData = data;
            entries = items;
            keepingFocus(container, render);
        } catch (failure) {
            error.textContent = failure.status === 404 ? t('error.notAvailable') : errorSentence(failure);
            error.hidden = false;
        }
    };

    load();
    const reload = debounce(load, 50);
    const unsubscribe = onChange(['checkin', 'waiting', 'appointment'], () => reload());
    // Minutes waited move on by themselves.
    const tick = setInterval(() => keepingFocus(container, render), 30000);
    return () => {
        reload.cancel();
        unsubscribe();
        clearInterval(tick);
    };
}
