import {h, replace, icon, debounce, keepingFocus} from '../dom.js';
import {t, today, addDays, dayOfWeek, formatDate, parseDate, datePattern, timeOf} from '../i18n.js';
import {get, post, del} from '../api.js';
import {onChange} from '../live.js';
import {navigate, currentUser} from '../main.js';
import {field, showErrors, errorSummary, errorSentence, fieldErrors, notify, openDialog} from '../ui.js';
import {loadTypes, paintType} from './agenda.js';

const SHOWN = new Set(['BOOKED', 'CONFIRMED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW']);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The Monday of the week of an ISO date. */
const mondayOf = date => addDays(date, -['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']
    .indexOf(dayOfWeek(date)));

/**
 * One practitioner's week: their appointments day by day (colored by type), their blocks and the clinic's holidays,
 * the next free slot for a type, and blocking time (vacation, an afternoon off).
 */
export function mount(container, {date: dateParam, query}) {
    const monday = mondayOf(parseDate(dateParam || '') || today());
    const sunday = addDays(monday, 6);
    const state = {practitioners: [], types: [], practitionerId: query.get('practitioner') || currentUser()?.practitionerId || ''};
    const grid = h('div', {class: 'week-grid', 'data-testid': 'week'});
    const freeResult = h('div', {class: 'free-result', role: 'status', 'data-testid': 'free-result'});
    const practitionerSelect = h('select', {id: 'week-practitioner', name: 'practitioner'});
    const typeSelect = h('select', {id: 'week-type', name: 'type', 'aria-label': t('type.label')});
    const href = (date, practitionerId = state.practitionerId) => `#/week/${date}${practitionerId ? `?practitioner=${practitionerId}` : ''}`;
    practitionerSelect.addEventListener('change', () => navigate(href(monday, practitionerSelect.value)));

    replace(container, h('section', {class: 'page week-page'},
        h('div', {class: 'page-header agenda-header'},
            h('div', {},
                h('h1', {}, t('week.title')),
                h('p', {class: 'muted', 'data-testid': 'week-range'}, t('week.of', {from: formatDate(monday), to: formatDate(sunday)}))),
            h('div', {class: 'actions'},
                h('label', {for: 'week-practitioner', class: 'inline-label'}, t('week.practitioner')), practitionerSelect,
                h('div', {class: 'date-nav'},
                    h('button', {type: 'button', class: 'icon-button', 'aria-label': t('week.prev'),
                        onclick: () => navigate(href(addDays(monday, -7)))}, icon('chevronLeft')),
                    h('button', {type: 'button', class: 'button secondary', onclick: () => navigate(href(today()))}, t('week.thisWeek')),
                    h('button', {type: 'button', class: 'icon-button', 'aria-label': t('week.next'),
                        onclick: () => navigate(href(addDays(monday, 7)))}, icon('chevronRight'))),
                h('button', {type: 'button', class: 'button secondary', 'data-action': 'print', onclick: () => window.print()},
                    icon('print'), t('common.print')))),
        h('div', {class: 'week-tools no-print'},
            typeSelect,
            h('button', {type: 'button', class: 'button primary', 'data-action': 'next-free', onclick: () => nextFree()},
                icon('clock'), t('free.button')),
            h('button', {type: 'button', class: 'button secondary', 'data-action': 'block', onclick: () => blockDialog()},
                t('block.button')),
            freeResult),
        grid));

    const practitioner = () => state.practitioners.find(entry => entry.id === state.practitionerId);

    const nextFree = async () => {
        const type = typeSelect.value ? `&typeId=${typeSelect.value}` : '';
        try {
            const slot = await get(`/api/appointments/next-free?practitionerId=${state.practitionerId}${type}`);
            const day = slot.start.slice(0, 10);
            replace(freeResult, h('span', {'data-testid': 'free-slot'}, t('free.found', {practitioner: slot.practitionerName,
                date: formatDate(day), time: timeOf(slot.start)})), ' ',
            h('a', {class: 'button ghost small', href: `#/agenda/${day}`, 'data-action': 'book-free'}, t('free.book')));
        } catch (error) {
            replace(freeResult, h('span', {class: 'field-error'}, errorSentence(error)));
        }
    };

    const blockDialog = () => {
        const who = practitioner();
        if (!who) {
            return;
        }
        const {body, close} = openDialog(t('block.title', {practitioner: who.fullName}), {className: 'block-dialog'});
        const dateCheck = value => (parseDate(value) ? null : t('code.date.invalid', {pattern: datePattern()}));
        const timeCheck = value => (TIME.test(value.trim()) ? null : t('code.time.invalid'));
        const fields = {
            startDate: field({name: 'startDate', label: t('block.start'), value: formatDate(monday), placeholder: datePattern(),
                inputmode: 'numeric', maxlength: 10, format: 'date', check: dateCheck}),
            startTime: field({name: 'startTime', label: t('block.startTime'), value: '08:00', placeholder: 'HH:MM',
                inputmode: 'numeric', maxlength: 5, format: 'time', check: timeCheck}),
            endDate: field({name: 'endDate', label: t('block.end'), value: formatDate(monday), placeholder: datePattern(),
                inputmode: 'numeric', maxlength: 10, format: 'date', check: dateCheck}),
            endTime: field({name: 'endTime', label: t('block.endTime'), value: '18:00', placeholder: 'HH:MM',
                inputmode: 'numeric', maxlength: 5, format: 'time', check: timeCheck}),
            reason: field({name: 'reason', label: t('block.reason'), maxlength: 200}),
        };
        const summary = errorSummary();
        const inside = h('div', {class: 'block-inside', hidden: true});
        const form = h('form', {novalidate: true, onsubmit: async event => {
            event.preventDefault();
            const errors = {};
            for (const name of ['startDate', 'endDate']) {
                const problem = dateCheck(fields[name].input.value);
                if (problem) {
                    errors[name] = problem;
                }
            }
            for (const name of ['startTime', 'endTime']) {
                const problem = timeCheck(fields[name].input.value);
                if (problem) {
                    errors[name] = problem;
                }
            }
            showErrors(summary, fields, errors);
            if (Object.keys(errors).length) {
                return;
            }
            const start = `${parseDate(fields.startDate.input.value)}T${fields.startTime.input.value.trim()}`;
            const end = `${parseDate(fields.endDate.input.value)}T${fields.endTime.input.value.trim()}`;
            try {
                const answer = await post('/api/agenda/blocks', {practitionerId: who.id, start, end,
                    reason: fields.reason.input.value.trim() || null});
                notify(t('block.saved'));
                load();
                if (answer.appointmentsInside.length === 0) {
                    close();
                    return;
                }
                form.hidden = true;
                replace(inside, h('p', {}, t('block.inside')), h('ul', {}, answer.appointmentsInside.map(item => h('li', {},
                    h('a', {href: `#/agenda/${item.start.slice(0, 10)}`, onclick: close},
                        `${formatDate(item.start.slice(0, 10))} ${timeOf(item.start)} · ${item.patientName}`)))),
                h('button', {type: 'button', class: 'button primary', onclick: close}, t('common.close')));
                inside.hidden = false;
            } catch (error) {
                const errors = fieldErrors(error);
                const mapped = {};
                for (const [name, message] of Object.entries(errors)) {
                    mapped[{start: 'startDate', end: 'endDate'}[name] || name] = message;
                }
                showErrors(summary, fields, mapped, Object.keys(mapped).length ? undefined : errorSentence(error));
            }
        }},
        summary,
        h('div', {class: 'grid-2'}, fields.startDate.row, fields.startTime.row, fields.endDate.row, fields.endTime.row),
        fields.reason.row,
        h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'button primary', 'data-action': 'save-block'},
            t('block.submit')), h('button', {type: 'button', class: 'button ghost', onclick: close}, t('common.cancel'))));
        body.append(form, inside);
        fields.startDate.input.focus();
    };

    const unblock = async block => {
        try {
            await del(`/api/agenda/blocks/${block.id}`);
            notify(t('block.removed'));
            load();
        } catch (error) {
            notify(errorSentence(error), 'error');
        }
    };

    const render = (appointments, blocks) => {
        const days = [...Array(7).keys()].map(index => addDays(monday, index));
        replace(grid, days.map(day => {
            const dayStart = `${day}T00:00`;
            const dayEnd = `${addDays(day, 1)}T00:00`;
            const dayBlocks = blocks.filter(block => block.start < dayEnd && block.end > dayStart);
            const items = appointments.filter(item => item.start.slice(0, 10) === day && SHOWN.has(item.status));
            return h('section', {class: ['week-day', day === today() ? 'today' : null], dataset: {day}},
                h('h2', {class: 'week-day-head'}, h('a', {href: `#/agenda/${day}`, title: t('week.openDay')},
                    t(`day.${dayOfWeek(day)}`), h('span', {class: 'muted'}, ` ${formatDate(day).slice(0, 5)}`))),
                dayBlocks.map(block => h('p', {class: ['week-block', block.kind === 'HOLIDAY' ? 'holiday' : null],
                    'data-testid': block.kind === 'HOLIDAY' ? 'holiday' : 'block'},
                block.kind === 'HOLIDAY' ? t('week.holiday', {name: block.name || ''})
                    : [t('week.blocked', {reason: block.reason || ''}),
                        block.start.slice(0, 10) === day ? ` ${timeOf(block.start)}` : '',
                        block.end.slice(0, 10) === day ? `–${timeOf(block.end)}` : '',
                        h('button', {type: 'button', class: 'link-button no-print', 'data-action': 'unblock',
                            onclick: () => unblock(block)}, t('block.remove'))])),
                items.length === 0 && dayBlocks.length === 0 ? h('p', {class: 'muted week-free'}, t('week.empty')) : null,
                h('ol', {class: 'week-list'}, items.map(item => h('li', {},
                    paintType(h('a', {class: ['week-appt', `status-${item.status}`], href: `#/agenda/${day}`,
                        dataset: {appointment: item.id}},
                    h('span', {class: 'appt-time'}, `${timeOf(item.start)}–${timeOf(item.end)}`),
                    h('span', {class: 'appt-name'}, item.patientName),
                    item.typeName ? h('span', {class: 'appt-type'}, item.typeName) : null,
                    item.status !== 'BOOKED' ? h('span', {class: `badge status-${item.status}`}, t(`status.${item.status}`)) : null),
                    item)))));
        }));
    };

    let shown = '';
    const load = async () => {
        try {
            const [practitioners, types] = await Promise.all([get('/api/practitioners'), loadTypes()]);
            state.practitioners = practitioners.items.filter(entry => entry.active !== false);
            state.types = types;
            if (!state.practitioners.some(entry => entry.id === state.practitionerId)) {
                state.practitionerId = state.practitioners[0]?.id || '';
            }
            if (!state.practitionerId) {
                replace(grid, h('p', {class: 'empty-state'}, t('agenda.noPractitioners')));
                return;
            }
            const [appointments, blocks] = await Promise.all([
                get(`/api/appointments?from=${monday}&days=7&practitionerId=${state.practitionerId}`),
                get(`/api/agenda/blocks?from=${monday}&to=${sunday}&practitionerId=${state.practitionerId}`)]);
            const data = JSON.stringify([state.practitionerId, practitioners.items, types, appointments.items, blocks.items]);
            if (data === shown) {
                return;
            }
            shown = data;
            replace(practitionerSelect, state.practitioners.map(entry => h('option', {value: entry.id,
                selected: entry.id === state.practitionerId}, entry.fullName)));
            const chosenType = typeSelect.value;
            replace(typeSelect, h('option', {value: ''}, t('type.none')), types.map(entry => h('option', {value: entry.id,
                selected: entry.id === chosenType}, `${entry.name} (${t('agenda.book.minutes', {minutes: entry.durationMinutes})})`)));
            keepingFocus(grid, () => render(appointments.items, blocks.items));
        } catch (error) {
            shown = '';
            replace(grid, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };
    load();
    const reload = debounce(load, 150);
    const unsubscribe = onChange(['appointment', 'checkin', 'practitioner', 'agenda-block', 'appointment-type'], () => reload());
    return () => {
        reload.cancel();
        unsubscribe();
    };
}
