import {h, append, replace, icon, debounce, keepingFocus} from '../dom.js';
import {t, today, addDays, dayOfWeek, formatDate, formatLongDate, parseDate, datePattern, timeOf,
    formatInstant} from '../i18n.js';
import {get, post, patch} from '../api.js';
import {onChange} from '../live.js';
import {navigate} from '../main.js';
import {field, select, errorSentence, notify, openDialog, patientPicker, patientSummary} from '../ui.js';
import {priorityPicker, confirmNoShow, undoFor, squeezeInOption, clinicNow} from './frontdesk.js';
import {clinic} from '../i18n.js';

const STEP = 15;
const ROW = 5;
const DURATIONS = [15, 20, 30, 45, 60, 90];
const ACTIVE = new Set(['BOOKED', 'CONFIRMED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW']);

const minutes = time => {
    const [hours, mins] = time.split(':').map(Number);
    return hours * 60 + mins;
};
const clock = total => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/** The day view: a column per practitioner, slots from their working hours, booking, moving, check-in. */
export function mount(container, {date: dateParam, query}) {
    const date = parseDate(dateParam || '') || today();
    if (dateParam !== date) {
        location.replace(`#/agenda/${date}${query.toString() ? `?${query}` : ''}`);
    }
    const state = {date, practitioners: [], appointments: [], patient: null, types: []};
    const gridArea = h('div', {class: 'agenda-scroll', 'data-testid': 'agenda'});
    const dayList = h('section', {class: 'day-list', 'aria-labelledby': 'day-list-title'});
    const banner = h('div', {class: 'pick-banner', role: 'status', hidden: true});
    const dateInput = h('input', {id: 'agenda-date', class: 'date-input', value: formatDate(date), inputmode: 'numeric',
        placeholder: datePattern(), 'aria-label': t('agenda.date')});
    const go = target => navigate(`#/agenda/${target}${query.toString() ? `?${query}` : ''}`);
    dateInput.addEventListener('keydown', event => {
        if (event.key === 'Enter') {
            const parsed = parseDate(dateInput.value);
            if (parsed) {
                go(parsed);
            } else {
                notify(t('code.date.invalid', {pattern: datePattern()}), 'error');
            }
        }
    });
    dateInput.addEventListener('change', () => {
        const parsed = parseDate(dateInput.value);
        if (parsed && parsed !== date) {
            go(parsed);
        }
    });

    replace(container, h('section', {class: 'page agenda-page'},
        h('div', {class: 'page-header agenda-header'},
            h('div', {},
                h('h1', {}, t('agenda.title')),
                h('p', {class: 'muted', 'data-testid': 'agenda-date'}, formatLongDate(date))),
            h('div', {class: 'actions'},
                h('div', {class: 'date-nav'},
                    h('button', {type: 'button', class: 'icon-button', 'aria-label': t('agenda.prev'),
                        onclick: () => go(addDays(date, -1))}, icon('chevronLeft')),
                    dateInput,
                    h('button', {type: 'button', class: 'icon-button', 'aria-label': t('agenda.next'),
                        onclick: () => go(addDays(date, 1))}, icon('chevronRight'))),
                h('button', {type: 'button', class: 'button secondary', onclick: () => go(today())}, t('agenda.today')),
                deskDayLinks(date),
                h('button', {type: 'button', class: 'button secondary', 'data-action': 'print', onclick: () => window.print()},
                    icon('print'), t('agenda.print')))),
        banner,
        gridArea,
        dayList));

    let shownData = '';
    /** Loads the day; draws it again only when something changed, keeping the keyboard focus in place. */
    const load = async () => {
        try {
            const [practitioners, appointments, types] = await Promise.all([
                get('/api/practitioners'), get(`/api/appointments?date=${date}`), loadTypes()]);
            const data = JSON.stringify([practitioners.items, appointments.items, types]);
            if (data === shownData) {
                return;
            }
            shownData = data;
            state.practitioners = practitioners.items.filter(practitioner => practitioner.active !== false);
            state.appointments = appointments.items;
            state.types = types;
        } catch (error) {
            shownData = '';
            replace(gridArea, h('p', {class: 'error-summary', role: 'alert'},
                error.status === 404 ? t('error.notAvailable') : errorSentence(error)));
            return;
        }
        keepingFocus(gridArea, renderGrid);
        renderDayList();
    };

    const practitionerName = id => state.practitioners.find(practitioner => practitioner.id === id)?.fullName || '';

    /** The sentence for a refused booking or move, naming what holds the slot when the agenda knows it. */
    const refusal = async (error, practitionerId, start, duration, movingId) => {
        if (error.code === 'slot.taken') {
            try {
                state.appointments = (await get(`/api/appointments?date=${start.slice(0, 10)}`)).items;
            } catch {
                // Fall back to the code's sentence below.
            }
            const from = minutes(timeOf(start));
            const taken = state.appointments.find(appointment => appointment.id !== movingId
                && appointment.practitionerId === practitionerId && appointment.status !== 'CANCELLED'
                && appointment.start.slice(0, 10) === start.slice(0, 10)
                && minutes(timeOf(appointment.start)) < from + duration && minutes(timeOf(appointment.end)) > from);
            shownData = '';
            load();
            if (taken) {
                return t('agenda.taken', {practitioner: taken.practitionerName || practitionerName(practitionerId),
                    patient: taken.patientName, start: timeOf(taken.start), end: timeOf(taken.end)});
            }
        }
        if (error.code === 'slot.outside-hours') {
            return t('agenda.outside', {practitioner: practitionerName(practitionerId)});
        }
        return errorSentence(error);
    };

    /** A free-slot button at time `at` lasting `length` minutes, which books it on click and takes drops. */
    const slot = (practitioner, at, length) => {
        const time = clock(at);
        const cell = h('button', {type: 'button', class: ['slot', at % 60 === 0 ? 'hour' : null], 'aria-label':
                t('agenda.bookAt', {time, practitioner: practitioner.fullName}),
            dataset: {practitioner: practitioner.id, time, key: `${practitioner.id}@${time}`},
            onclick: () => openBooking(practitioner, time)}, h('span', {class: 'slot-label'}, time));
        cell.addEventListener('dragover', event => {
            if (event.dataTransfer.types.includes(`application/x-practitioner-${practitioner.id}`)) {
                event.preventDefault();
                cell.classList.add('drop-target');
            }
        });
        cell.addEventListener('dragleave', () => cell.classList.remove('drop-target'));
        cell.addEventListener('drop', event => {
            event.preventDefault();
            cell.classList.remove('drop-target');
            const id = event.dataTransfer.getData('text/plain');
            const appointment = state.appointments.find(candidate => candidate.id === id);
            if (appointment) {
                move(appointment, `${date}T${time}`, appointment.durationMinutes);
            }
        });
        return cell;
    };

    /**
     * The grid has a row per ROW minutes. Each practitioner's working time is cut into free slots of up to
     * STEP minutes that start where the previous appointment ends, so every free moment can be booked with
     * one click; appointments sit at their exact times; time outside working hours is hatched.
     */
    const renderGrid = () => {
        const day = dayOfWeek(date);
        if (state.practitioners.length === 0) {
            replace(gridArea, h('p', {class: 'empty-state'}, t('agenda.noPractitioners')));
            return;
        }
        const hours = new Map(state.practitioners.map(practitioner => [practitioner.id,
            (practitioner.workingHours || []).filter(entry => entry.dayOfWeek === day)
                .map(entry => [minutes(entry.start), minutes(entry.end)]).sort((a, b) => a[0] - b[0])]));
        const shown = state.appointments.filter(appointment => ACTIVE.has(appointment.status));
        const span = appointment => [minutes(timeOf(appointment.start)),
            appointment.end.slice(0, 10) > appointment.start.slice(0, 10) ? 24 * 60 : minutes(timeOf(appointment.end))];
        let first = Infinity;
        let last = -Infinity;
        for (const intervals of hours.values()) {
            for (const [start, end] of intervals) {
                first = Math.min(first, start);
                last = Math.max(last, end);
            }
        }
        for (const appointment of shown) {
            const [start, end] = span(appointment);
            first = Math.min(first, start);
            last = Math.max(last, end);
        }
        if (first === Infinity) {
            replace(gridArea, h('p', {class: 'empty-state'}, t('agenda.noHours')));
            return;
        }
        first = Math.floor(first / STEP) * STEP;
        last = Math.ceil(last / STEP) * STEP;
        const rowOf = at => Math.floor((at - first) / ROW) + 2;
        const rowsFor = (from, to) => Math.max(1, Math.ceil((to - from) / ROW));
        const grid = h('div', {class: 'agenda-grid', role: 'grid', 'aria-label': `${t('agenda.title')} ${formatLongDate(date)}`});
        grid.style.gridTemplateColumns = `4.5rem repeat(${state.practitioners.length}, minmax(11rem, 1fr))`;
        grid.style.gridTemplateRows = `auto repeat(${(last - first) / ROW}, var(--row-height))`;
        const place = (element, column, row, rows = 1) => {
            element.style.gridColumn = String(column);
            element.style.gridRow = rows > 1 ? `${row} / span ${rows}` : String(row);
            grid.append(element);
        };
        place(h('div', {class: 'agenda-corner'}, t('agenda.time')), 1, 1);
        for (let at = first; at < last; at += STEP) {
            place(h('div', {class: ['agenda-time', at % 60 === 0 ? 'hour' : null]}, at % 30 === 0 ? clock(at) : ''),
                1, rowOf(at), STEP / ROW);
        }
        state.practitioners.forEach((practitioner, index) => {
            const column = index + 2;
            place(h('div', {class: 'agenda-head', role: 'columnheader'},
                h('span', {class: 'agenda-head-name'}, practitioner.fullName),
                practitioner.specialty ? h('span', {class: 'agenda-head-specialty'}, practitioner.specialty) : null), column, 1);
            // A no-show's slot is free again and an encaixe sits over the agenda: neither hides the free slots.
            const taken = shown.filter(appointment => appointment.practitionerId === practitioner.id
                && appointment.status !== 'NO_SHOW' && !appointment.squeezeIn).map(span)
                .sort((a, b) => a[0] - b[0]);
            let cursor = first;
            for (const [start, end] of hours.get(practitioner.id)) {
                if (start > cursor) {
                    place(h('div', {class: 'slot off', 'aria-hidden': 'true'}), column, rowOf(cursor), rowsFor(cursor, start));
                }
                let at = Math.max(start, cursor);
                while (at < end) {
                    const covering = taken.find(([from, to]) => from <= at && to > at);
                    if (covering) {
                        at = covering[1];
                        continue;
                    }
                    const nextTaken = taken.map(([from]) => from).filter(from => from > at).reduce((a, b) => Math.min(a, b), Infinity);
                    const boundary = Math.floor(at / STEP) * STEP + STEP;
                    const until = Math.min(boundary, nextTaken, end);
                    place(slot(practitioner, at, until - at), column, rowOf(at), rowsFor(at, until));
                    at = until;
                }
                cursor = Math.max(cursor, end);
            }
            if (cursor < last) {
                place(h('div', {class: 'slot off', 'aria-hidden': 'true'}), column, rowOf(cursor), rowsFor(cursor, last));
            }
        });
        for (const appointment of shown) {
            const column = state.practitioners.findIndex(practitioner => practitioner.id === appointment.practitionerId);
            if (column < 0) {
                continue;
            }
            const [start, end] = span(appointment);
            const movable = isBooked(appointment);
            const card = h('button', {type: 'button', class: ['appt', `status-${appointment.status}`, end - start <= 25 ? 'short' : null,
                    appointment.typeColor ? 'typed' : null, appointment.squeezeIn ? 'squeeze-in' : null],
                draggable: movable, dataset: {appointment: appointment.id, key: appointment.id},
                'aria-label': `${timeOf(appointment.start)}–${timeOf(appointment.end)} ${appointment.patientName}, ${t(`status.${appointment.status}`)}`,
                onclick: () => openAppointment(appointment)},
            h('span', {class: 'appt-line'},
                h('span', {class: 'appt-time'}, `${timeOf(appointment.start)}–${timeOf(appointment.end)}`),
                appointment.status !== 'BOOKED' ? h('span', {class: 'appt-status'}, t(`status.${appointment.status}`)) : null,
                appointment.squeezeIn ? h('span', {class: 'appt-squeeze', 'data-testid': 'squeeze-in'}, t('agenda.squeezeIn')) : null),
            h('span', {class: 'appt-name'}, appointment.patientName),
            appointment.typeName ? h('span', {class: 'appt-type'}, appointment.typeName) : null);
            paintType(card, appointment);
            if (movable) {
                card.addEventListener('dragstart', event => {
                    event.dataTransfer.setData('text/plain', appointment.id);
                    event.dataTransfer.setData(`application/x-practitioner-${appointment.practitionerId}`, '1');
                    event.dataTransfer.effectAllowed = 'move';
                    card.classList.add('dragging');
                });
                card.addEventListener('dragend', () => card.classList.remove('dragging'));
            }
            place(card, column + 2, rowOf(start), rowsFor(start, end));
        }
        replace(gridArea, grid);
    };

    const renderDayList = () => {
        const byPractitioner = state.practitioners.map(practitioner => ({practitioner,
            items: state.appointments.filter(appointment => appointment.practitionerId === practitioner.id)
                .sort((a, b) => a.start.localeCompare(b.start))}));
        replace(dayList,
            h('h2', {id: 'day-list-title'}, `${t('agenda.dayList')} · ${formatLongDate(date)}`),
            byPractitioner.map(({practitioner, items}) => h('div', {class: 'day-list-group'},
                h('h3', {}, practitioner.fullName, practitioner.specialty ? h('span', {class: 'muted'}, ` · ${practitioner.specialty}`) : null),
                items.length === 0 ? h('p', {class: 'muted'}, t('agenda.dayList.empty')) : h('table', {class: 'table'},
                    h('thead', {}, h('tr', {},
                        h('th', {scope: 'col'}, t('agenda.time')), h('th', {scope: 'col'}, t('agenda.book.patient')),
                        h('th', {scope: 'col'}, t('agenda.book.duration')), h('th', {scope: 'col'}, 'Status'),
                        h('th', {scope: 'col'}, t('agenda.book.notes')))),
                    h('tbody', {}, items.map(appointment => h('tr', {class: appointment.status === 'CANCELLED' ? 'cancelled' : null},
                        h('td', {class: 'nowrap'}, `${timeOf(appointment.start)}–${timeOf(appointment.end)}`),
                        h('td', {}, appointment.patientName),
                        h('td', {class: 'nowrap'}, t('agenda.book.minutes', {minutes: appointment.durationMinutes})),
                        h('td', {}, h('span', {class: `badge status-${appointment.status}`}, t(`status.${appointment.status}`)),
                            appointment.squeezeIn ? h('span', {class: 'badge squeeze-in'}, t('agenda.squeezeIn')) : null,
                            dayListUndo(appointment)),
                        h('td', {}, appointment.notes || ''))))))),
            h('p', {class: 'print-footer muted'}, t('agenda.dayList.printed', {when: formatInstant(new Date().toISOString())})));
    };

    /** In the day list, the undo of a cancellation or a no-show (issue 11): cancelled ones are not on the grid. */
    const dayListUndo = appointment => {
        const undo = appointment.status === 'CANCELLED' || appointment.status === 'NO_SHOW' ? undoFor(appointment) : null;
        if (!undo) {
            return null;
        }
        const button = h('button', {type: 'button', class: 'button ghost small no-print', 'data-action': 'undo',
            dataset: {key: `${appointment.id}:undo`}, onclick: async () => {
                button.disabled = true;
                try {
                    await undo.run();
                    notify(t('agenda.appt.undone', {patient: appointment.patientName}));
                } catch (error) {
                    notify(errorSentence(error), 'error');
                }
                load();
            }}, undo.label);
        return button;
    };

    // ---- Booking -----------------------------------------------------------------------------------------

    const openBooking = (practitioner, time, {squeezeIn = false} = {}) => {
        const {body, close} = openDialog(squeezeIn ? `${t('agenda.book.title')} · ${t('agenda.book.squeezeInTitle')}`
            : t('agenda.book.title'), {className: 'booking-dialog'});
        const squeeze = squeezeInOption(squeezeIn);
        let chosen = state.patient;
        const message = h('p', {class: 'dialog-error', role: 'alert', hidden: true, 'data-testid': 'booking-error'});
        const patientArea = h('div', {class: 'chosen-patient'});
        const duration = field({name: 'durationMinutes', label: t('agenda.book.duration'),
            control: select(DURATIONS.map(value => [String(value), t('agenda.book.minutes', {minutes: value})]), '30')});
        const type = typeField(state.types, duration.input);
        const notes = field({name: 'notes', label: `${t('agenda.book.notes')} (${t('common.optional')})`,
            control: h('textarea', {rows: 2, maxlength: 500})});
        const submit = h('button', {type: 'submit', class: 'button primary', 'data-action': 'confirm-booking'}, t('agenda.book.submit'));
        const showPatient = () => {
            if (chosen) {
                replace(patientArea, h('div', {class: 'chosen'},
                    h('div', {}, h('strong', {'data-testid': 'chosen-patient'}, chosen.fullName),
                        h('p', {class: 'muted'}, patientSummary(chosen))),
                    h('button', {type: 'button', class: 'button ghost small', onclick: () => {
                        chosen = null;
                        showPatient();
                    }}, t('agenda.book.change'))));
                submit.focus();
            } else {
                replace(patientArea, patientPicker({label: t('agenda.book.patient'), autofocus: true, onPick: patient => {
                    chosen = patient;
                    message.hidden = true;
                    showPatient();
                }}));
            }
        };
        const form = h('form', {novalidate: true, onsubmit: async event => {
            event.preventDefault();
            if (!chosen) {
                message.textContent = t('agenda.book.choosePatient');
                message.hidden = false;
                return;
            }
            submit.disabled = true;
            const start = `${date}T${time}`;
            const minutesLong = Number(duration.input.value);
            try {
                await post('/api/appointments', {patientId: chosen.id, practitionerId: practitioner.id, start,
                    durationMinutes: minutesLong, notes: notes.input.value.trim() || null, ...(type.input.value ? {typeId: type.input.value} : {}),
                    ...(squeeze.checked() ? {squeezeIn: true} : {})});
                notify(t('agenda.booked'));
                if (state.patient) {
                    state.patient = null;
                    banner.hidden = true;
                    query.delete('patient');
                    history.replaceState(null, '', `#/agenda/${date}`);
                }
                close();
                load();
            } catch (error) {
                message.textContent = error.kind === 'network'
                    ? t('error.networkSave')
                    : await refusal(error, practitioner.id, start, minutesLong);
                message.hidden = false;
                submit.disabled = false;
            }
        }},
        h('p', {class: 'dialog-when'}, icon('clock'),
            t('agenda.book.when', {practitioner: practitioner.fullName, date: formatDate(date), time})),
        patientArea, type.row, duration.row, notes.row, squeeze.row, message,
        h('div', {class: 'form-actions'}, submit,
            h('button', {type: 'button', class: 'button ghost', onclick: close}, t('common.cancel'))));
        body.append(form);
        showPatient();
    };

    // ---- An appointment: check in, move, cancel, no-show --------------------------------------------------

    const move = async (appointment, start, duration, onError) => {
        try {
            await patch(`/api/appointments/${appointment.id}`, {start, durationMinutes: duration});
            notify(t('agenda.appt.moved'));
            load();
            return true;
        } catch (error) {
            const sentence = error.kind === 'network'
                ? t('error.networkSave')
                : await refusal(error, appointment.practitionerId, start, duration, appointment.id);
            (onError || (text => notify(text, 'error')))(sentence);
            return false;
        }
    };

    const openAppointment = appointment => {
        const {body, close} = openDialog(`${t('agenda.appt.title')} · ${timeOf(appointment.start)}–${timeOf(appointment.end)}`,
            {className: 'appointment-dialog'});
        const message = h('p', {class: 'dialog-error', role: 'alert', hidden: true, 'data-testid': 'appointment-error'});
        const fail = text => {
            message.textContent = text;
            message.hidden = false;
        };
        const act = async (button, request, done) => {
            button.disabled = true;
            try {
                await request();
                notify(done);
                close();
                load();
            } catch (error) {
                button.disabled = false;
                fail(errorSentence(error));
            }
        };
        const booked = isBooked(appointment);
        const newDate = field({name: 'date', label: t('agenda.appt.newDate'), value: formatDate(appointment.start.slice(0, 10)),
            placeholder: datePattern(), inputmode: 'numeric', format: 'date', check: value => (parseDate(value) ? null
                : t('code.date.invalid', {pattern: datePattern()}))});
        const newTime = field({name: 'time', label: t('agenda.appt.newTime'), value: timeOf(appointment.start),
            placeholder: 'HH:MM', inputmode: 'numeric', maxlength: 5, format: 'time', check: value => (
                /^([01]?\d|2[0-3]):([0-5]\d)$/.test(value.trim()) ? null : t('code.time.invalid'))});
        const newDuration = field({name: 'durationMinutes', label: t('agenda.book.duration'),
            control: select([...new Set([...DURATIONS, appointment.durationMinutes])].sort((a, b) => a - b)
                .map(value => [String(value), t('agenda.book.minutes', {minutes: value})]), String(appointment.durationMinutes))});
        const moveForm = h('form', {class: 'move-form', novalidate: true, onsubmit: async event => {
            event.preventDefault();
            const day = parseDate(newDate.input.value);
            const time = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(newTime.input.value.trim());
            newDate.setError(day ? null : t('code.date.invalid', {pattern: datePattern()}));
            newTime.setError(time ? null : t('code.time.invalid'));
            if (!day || !time) {
                return;
            }
            const start = `${day}T${time[1].padStart(2, '0')}:${time[2]}`;
            if (await move(appointment, start, Number(newDuration.input.value), fail)) {
                close();
                if (day !== date) {
                    go(day);
                }
            }
        }},
        h('h3', {}, t('agenda.appt.move')),
        h('div', {class: 'grid-3'}, newDate.row, newTime.row, newDuration.row),
        h('button', {type: 'submit', class: 'button secondary', 'data-action': 'move'}, t('agenda.appt.moveSubmit')));
        const checkin = h('button', {type: 'button', class: 'button primary', 'data-action': 'checkin',
            onclick: () => act(checkin, () => post('/api/checkins', {appointmentId: appointment.id, priorities: priorities.values()}),
                t('agenda.appt.checkedIn', {patient: appointment.patientName}))}, icon('check'), t('agenda.appt.checkin'));
        // Marcar falta: only once the appointment has started (the server adds the grace), after a confirmation.
        const started = clinicNow(clinic.timeZone) >= appointment.start.slice(0, 16);
        const noShow = h('button', {type: 'button', class: 'button secondary', 'data-action': 'no-show', disabled: !started,
            title: started ? null : t('agenda.appt.noShowFrom', {time: timeOf(appointment.start)}),
            onclick: async () => {
                if (await confirmNoShow(appointment)) {
                    notify(t('agenda.appt.markedNoShow'));
                    close();
                    load();
                }
            }}, t('agenda.appt.noShow'));
        const priorities = priorityPicker();
        const undo = undoFor(appointment);
        const undoButton = undo ? h('button', {type: 'button', class: 'button secondary', 'data-action': 'undo',
            onclick: () => act(undoButton, undo.run, t('agenda.appt.undone', {patient: appointment.patientName}))}, undo.label) : null;
        const practitioner = state.practitioners.find(candidate => candidate.id === appointment.practitionerId);
        const squeezeHere = practitioner && appointment.status !== 'CANCELLED' ? h('button', {type: 'button',
            class: 'button ghost small', 'data-action': 'squeeze-in-here', onclick: () => {
                close();
                openBooking(practitioner, timeOf(appointment.start), {squeezeIn: true});
            }}, t('agenda.appt.squeezeInHere')) : null;
        const cancel = h('button', {type: 'button', class: 'button danger', 'data-action': 'cancel-appointment',
            onclick: () => {
                if (cancel.dataset.confirm) {
                    act(cancel, () => patch(`/api/appointments/${appointment.id}`, {status: 'CANCELLED'}),
                        t('agenda.appt.cancelled'));
                } else {
                    cancel.dataset.confirm = 'yes';
                    cancel.textContent = t('agenda.appt.cancelConfirm', {patient: appointment.patientName,
                        time: timeOf(appointment.start)});
                }
            }}, t('agenda.appt.cancel'));
        append(body, [
            h('div', {class: 'appointment-summary'},
                h('p', {class: 'appt-patient'}, h('strong', {}, appointment.patientName),
                    h('span', {class: `badge status-${appointment.status}`}, t(`status.${appointment.status}`))),
                h('p', {class: 'muted'}, `${appointment.practitionerName || practitionerName(appointment.practitionerId)} · `
                    + `${formatDate(appointment.start.slice(0, 10))} ${timeOf(appointment.start)}–${timeOf(appointment.end)}`),
                appointmentTypeLine(appointment),
                appointment.notes ? h('p', {}, appointment.notes) : null),
            message,
            confirmationActions(appointment, act),
            booked ? priorities.element : null,
            booked ? h('div', {class: 'form-actions'}, checkin, noShow, cancel) : null,
            undoButton ? h('div', {class: 'form-actions'}, undoButton) : null,
            booked ? moveForm : null,
            h('div', {class: 'form-actions'},
                h('a', {class: 'button ghost', href: `#/patients/${appointment.patientId}`, onclick: close},
                    t('agenda.appt.openPatient')), squeezeHere)]);
        (booked ? checkin : body.querySelector('a')).focus();
    };

    const patientId = query.get('patient');
    if (patientId) {
        get(`/api/patients/${patientId}`).then(patient => {
            state.patient = patient;
            replace(banner, h('span', {}, t('agenda.pickSlot', {patient: patient.fullName})),
                h('button', {type: 'button', class: 'icon-button', 'aria-label': t('common.close'), onclick: () => {
                    state.patient = null;
                    banner.hidden = true;
                }}, icon('close')));
            banner.hidden = false;
        }).catch(() => {});
    }
    load();
    const reload = debounce(load, 100);
    const unsubscribe = onChange(['appointment', 'checkin', 'practitioner', 'waiting'], () => reload());
    return () => {
        reload.cancel();
        unsubscribe();
    };
}

// ---- The front desk's day (issue 11, part B): types, confirmations, links to the week and the confirmation list.
// Kept apart from the day view's own code above so that the two halves of the issue merge cleanly.

/** Booked and still ahead: a desk may still move, cancel, check in or confirm it. */
export function isBooked(appointment) {
    return appointment.status === 'BOOKED' || appointment.status === 'CONFIRMED';
}

/** The clinic's active appointment types (empty when this node has none or does not know them yet). */
export async function loadTypes() {
    try {
        return (await get('/api/appointment-types')).items;
    } catch {
        return [];
    }
}

/**
 * The agenda card's color: the type's, as a stripe on its left. Through the CSSOM: the Content-Security-Policy
 * forbids style attributes, not styles set from script.
 */
export function paintType(element, appointment, property = 'borderLeftColor') {
    if (appointment.typeColor && /^#[0-9a-f]{6}$/i.test(appointment.typeColor)) {
        element.style[property] = appointment.typeColor;
    }
    return element;
}

/** "Retorno · confirmada por telefone" under an appointment's summary. */
function appointmentTypeLine(appointment) {
    const parts = [];
    if (appointment.typeName) {
        parts.push(appointment.typeName);
    }
    if (appointment.status === 'CONFIRMED' && appointment.confirmationChannel) {
        parts.push(t('confirm.via', {channel: t(`channel.${appointment.confirmationChannel}`)}));
    }
    return parts.length ? h('p', {class: 'appt-type-line', 'data-testid': 'appointment-type-line'},
        appointment.typeColor ? paintType(h('span', {class: 'type-dot'}), appointment, 'backgroundColor') : null,
        parts.join(' · ')) : null;
}

/**
 * The type select of the booking dialog: choosing a type sets the duration to the type's default (the desk may still
 * change it).
 */
export function typeField(types, durationSelect) {
    const type = field({name: 'typeId', label: t('type.label'),
        control: select([['', t('type.none')], ...types.map(entry => [entry.id, entry.name])], '')});
    type.input.addEventListener('change', () => {
        const chosen = types.find(entry => entry.id === type.input.value);
        if (!chosen) {
            return;
        }
        const value = String(chosen.durationMinutes);
        if (![...durationSelect.options].some(option => option.value === value)) {
            durationSelect.append(h('option', {value}, t('agenda.book.minutes', {minutes: chosen.durationMinutes})));
        }
        durationSelect.value = value;
    });
    return type;
}

/** Confirm by phone or by message, or take a confirmation back: in the appointment's dialog and in the list. */
export function confirmationActions(appointment, act) {
    if (!isBooked(appointment)) {
        return null;
    }
    const confirm = (channel, key, action) => {
        const button = h('button', {type: 'button', class: 'button secondary', 'data-action': action,
            onclick: () => act(button, () => patch(`/api/appointments/${appointment.id}`, {status: 'CONFIRMED', channel}),
                t('confirm.done', {patient: appointment.patientName, channel: t(`channel.${channel}`)}))}, icon('check'), t(key));
        return button;
    };
    if (appointment.status === 'CONFIRMED') {
        const undo = h('button', {type: 'button', class: 'button ghost', 'data-action': 'unconfirm',
            onclick: () => act(undo, () => patch(`/api/appointments/${appointment.id}`, {status: 'BOOKED'}),
                t('confirm.undone', {patient: appointment.patientName}))}, t('confirm.undo'));
        return h('div', {class: 'form-actions confirm-actions'}, undo);
    }
    return h('div', {class: 'form-actions confirm-actions'},
        confirm('PHONE', 'confirm.byPhone', 'confirm-phone'), confirm('WHATSAPP', 'confirm.byMessage', 'confirm-message'));
}

/** Links from the day to its week and to the "confirmar amanhã" list. */
function deskDayLinks(date) {
    return [
        h('a', {class: 'button secondary', href: `#/week/${date}`, 'data-action': 'week'}, t('nav.week')),
        h('a', {class: 'button secondary', href: '#/confirmations', 'data-action': 'confirmations'}, t('nav.confirmations'))];
}
