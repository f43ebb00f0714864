import {h, replace, debounce, keepingFocus, icon} from '../dom.js';
import {t, formatInstantTime, timeOf} from '../i18n.js';
import {get, patch, post} from '../api.js';
import {onChange} from '../live.js';
import {errorSentence, notify, openDialog, patientPicker, patientSummary, field, select} from '../ui.js';
import {priorityPicker, priorityBadges} from './frontdesk.js';

const COLUMNS = ['WAITING', 'CALLED', 'IN_CONSULTATION', 'DONE'];
/** Where each status is shown: one who did not answer waits to be called again; one who left is done with. */
const COLUMN_OF = {WAITING: 'WAITING', NO_ANSWER: 'WAITING', CALLED: 'CALLED', IN_CONSULTATION: 'IN_CONSULTATION', DONE: 'DONE',
    LEFT: 'DONE'};
/** The buttons of a card per status: [target status, label key, style]. */
const ACTIONS = {
    WAITING: [['CALLED', 'board.call', 'secondary'], ['LEFT', 'board.left', 'ghost']],
    NO_ANSWER: [['CALLED', 'board.callAgain', 'secondary'], ['WAITING', 'board.backToQueue', 'ghost'], ['LEFT', 'board.left', 'ghost']],
    CALLED: [['IN_CONSULTATION', 'board.start', 'secondary'], ['WAITING', 'board.backToQueue', 'ghost'],
        ['NO_ANSWER', 'board.noAnswer', 'ghost'], ['LEFT', 'board.left', 'ghost']],
    IN_CONSULTATION: [['DONE', 'board.finish', 'secondary']],
};

/**
 * The waiting-room board: who waits (legal priorities first, as the server orders them), who was called, who is in
 * consultation, who is done, and for how long; walk-ins; a mistaken call back to the queue; no answer; left.
 */
export function mount(container) {
    const columns = Object.fromEntries(COLUMNS.map(status => [status, h('ol', {class: 'board-list', 'data-status': status})]));
    const counts = Object.fromEntries(COLUMNS.map(status => [status, h('span', {class: 'count'}, '0')]));
    const error = h('p', {class: 'error-summary', role: 'alert', hidden: true});
    let entries = [];

    replace(container, h('section', {class: 'page board-page'},
        h('div', {class: 'page-header'}, h('h1', {}, t('board.title')),
            h('div', {class: 'actions'}, h('button', {type: 'button', class: 'button primary', 'data-action': 'walk-in',
                onclick: () => openWalkIn()}, icon('plus'), t('walkin.open')))),
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

    /** "Consulta às 09:00 · 12 min atrasado", or "Sem agendamento" for a walk-in. */
    const appointmentLine = entry => {
        if (entry.walkIn || !entry.appointmentStart) {
            return h('span', {class: 'badge walk-in', 'data-testid': 'walk-in'}, t('board.walkIn'));
        }
        const late = entry.lateMinutes ?? 0;
        return h('span', {class: ['lateness', late > 5 ? 'late' : null], 'data-testid': 'lateness'},
            t('board.appointmentAt', {time: timeOf(entry.appointmentStart)}), ' · ',
            late > 0 ? t('board.late', {minutes: late}) : late < 0 ? t('board.early', {minutes: -late}) : t('board.onTime'));
    };

    const move = async (button, entry, status, room) => {
        button.disabled = true;
        try {
            await patch(`/api/waiting-room/${entry.id}`, room ? {status, room} : {status});
        } catch (failure) {
            notify(errorSentence(failure), 'error');
        }
        load();
    };

    const actionButtons = entry => (ACTIONS[entry.status] || []).map(([target, label, style]) => {
        const button = h('button', {type: 'button', class: `button ${style} small`, 'data-action': target.toLowerCase(),
            dataset: {key: `${entry.id}:${target}`}, onclick: () => move(button, entry, target)}, t(label));
        return button;
    });

    const undoButton = entry => {
        if (entry.status !== 'WAITING') {
            return null;
        }
        const button = h('button', {type: 'button', class: 'button ghost small', 'data-action': 'undo-checkin',
            dataset: {key: `${entry.id}:undo`}, onclick: async () => {
                button.disabled = true;
                try {
                    await post(`/api/waiting-room/${entry.id}/undo`, {});
                    notify(t('board.undone'));
                } catch (failure) {
                    notify(errorSentence(failure), 'error');
                }
                load();
            }}, t('board.undoCheckIn'));
        return button;
    };

    /** Calls the patient to another room than the practitioner's (a visit's own consultório). */
    const callToRoom = entry => {
        if (entry.status !== 'WAITING' && entry.status !== 'NO_ANSWER') {
            return null;
        }
        const button = h('button', {type: 'button', class: 'button ghost small', 'data-action': 'call-room',
            dataset: {key: `${entry.id}:room`}, onclick: () => {
                const {body, close} = openDialog(t('board.callRoom'));
                const room = field({name: 'room', label: t('panel.room'), value: entry.room || '', hint: t('board.callRoomHint'),
                    maxlength: 60});
                body.append(h('form', {novalidate: true, onsubmit: async event => {
                    event.preventDefault();
                    close();
                    await move(button, entry, 'CALLED', room.input.value.trim() || null);
                }}, room.row, h('div', {class: 'form-actions'},
                    h('button', {type: 'submit', class: 'button primary', 'data-action': 'confirm-call'}, t('board.call')),
                    h('button', {type: 'button', class: 'button ghost', onclick: close}, t('common.cancel')))));
                room.input.focus();
            }}, t('board.callRoom'));
        return button;
    };

    const render = () => {
        for (const status of COLUMNS) {
            const items = entries.filter(entry => COLUMN_OF[entry.status] === status);
            counts[status].textContent = String(items.length);
            replace(columns[status], items.length === 0 ? h('li', {class: 'board-empty'}, t('board.empty')) : items.map(entry => {
                const minutes = waited(entry);
                const priority = (entry.priorities || []).length > 0;
                return h('li', {class: ['board-card', status === 'WAITING' && minutes >= 30 ? 'long-wait' : null,
                    priority ? 'has-priority' : null, `visit-${entry.status}`], dataset: {entry: entry.id}},
                h('p', {class: 'board-name'}, entry.patientName, priorityBadges(entry.priorities)),
                h('p', {class: 'muted'}, t('board.with', {practitioner: entry.practitionerName}),
                    entry.room ? ` · ${t('board.room', {room: entry.room})}` : ''),
                h('p', {class: 'board-appointment'}, appointmentLine(entry)),
                entry.status === 'NO_ANSWER' || entry.status === 'LEFT'
                    ? h('p', {class: 'board-state', 'data-testid': 'visit-state'},
                        h('span', {class: `badge visit-${entry.status}`}, t(`board.${entry.status}`)))
                    : null,
                h('p', {class: 'board-times'},
                    entry.checkedInAt ? h('span', {}, t('board.arrived', {time: formatInstantTime(entry.checkedInAt)})) : null,
                    h('span', {class: 'waited', 'data-testid': 'waited'},
                        t(status === 'WAITING' ? 'board.waiting' : 'board.waited', {minutes}))),
                h('div', {class: 'board-actions'}, actionButtons(entry), callToRoom(entry), undoButton(entry)));
            }));
        }
    };

    // ---- Walk-in: a patient without an appointment --------------------------------------------------------

    const openWalkIn = async () => {
        const {body, close} = openDialog(t('walkin.title'), {className: 'booking-dialog walk-in-dialog'});
        let chosen = null;
        let practitioners = [];
        try {
            practitioners = (await get('/api/practitioners')).items.filter(practitioner => practitioner.active !== false);
        } catch (failure) {
            notify(errorSentence(failure), 'error');
        }
        const message = h('p', {class: 'dialog-error', role: 'alert', hidden: true, 'data-testid': 'walk-in-error'});
        const patientArea = h('div', {class: 'chosen-patient'});
        const practitioner = field({name: 'practitionerId', label: t('walkin.practitioner'),
            control: select(practitioners.map(item => [item.id, item.fullName]), practitioners[0]?.id)});
        const priorities = priorityPicker();
        const submit = h('button', {type: 'submit', class: 'button primary', 'data-action': 'confirm-walk-in'}, t('walkin.submit'));
        const showPatient = () => {
            if (chosen) {
                replace(patientArea, h('div', {class: 'chosen'},
                    h('div', {}, h('strong', {'data-testid': 'chosen-patient'}, chosen.fullName),
                        h('p', {class: 'muted'}, patientSummary(chosen))),
                    h('button', {type: 'button', class: 'button ghost small', onclick: () => {
                        chosen = null;
                        showPatient();
                    }}, t('agenda.book.change'))));
            } else {
                replace(patientArea, patientPicker({label: t('agenda.book.patient'), autofocus: true, onPick: patient => {
                    chosen = patient;
                    message.hidden = true;
                    showPatient();
                }}));
            }
        };
        body.append(h('form', {novalidate: true, onsubmit: async event => {
            event.preventDefault();
            if (!chosen) {
                message.textContent = t('walkin.choosePatient');
                message.hidden = false;
                return;
            }
            submit.disabled = true;
            try {
                await post('/api/checkins', {patientId: chosen.id, practitionerId: practitioner.input.value, walkIn: true,
                    priorities: priorities.values()});
                notify(t('walkin.done', {patient: chosen.fullName}));
                close();
                load();
            } catch (failure) {
                message.textContent = errorSentence(failure);
                message.hidden = false;
                submit.disabled = false;
            }
        }}, patientArea, practitioner.row, priorities.element, message,
        h('div', {class: 'form-actions'}, submit, h('button', {type: 'button', class: 'button ghost', onclick: close},
            t('common.cancel')))));
        showPatient();
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
    const unsubscribe = onChange(['checkin', 'waiting', 'appointment', 'room'], () => reload());
    // Minutes waited move on by themselves.
    const tick = setInterval(() => keepingFocus(container, render), 30000);
    return () => {
        reload.cancel();
        unsubscribe();
        clearInterval(tick);
    };
}
