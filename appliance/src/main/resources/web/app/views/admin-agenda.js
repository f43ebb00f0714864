import {h, replace, icon} from '../dom.js';
import {t, today, formatDate, parseDate, datePattern, timeOf} from '../i18n.js';
import {get, post, put, del} from '../api.js';
import {onChange} from '../live.js';
import {field, select, showErrors, errorSummary, errorSentence, fieldErrors, notify, openDialog} from '../ui.js';
import {paintType} from './agenda.js';

// The administration tabs of the front desk's day (issue 11, part B): appointment types and holidays, the login ↔
// practitioner link of the user dialog, and the bookings a change of hours leaves outside them.

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** The appointment types tab: name, default duration and color; deactivated, never deleted. */
export function appointmentTypes(panel) {
    const list = h('div', {class: 'card'});
    const load = async () => {
        try {
            const answer = await get('/api/appointment-types?includeInactive=true');
            replace(list, answer.items.length === 0 ? h('p', {class: 'muted'}, t('admin.types.none')) : h('table',
                {class: 'table', 'data-testid': 'types'},
                h('thead', {}, h('tr', {}, [t('admin.types.name'), t('admin.types.duration'), t('admin.types.color'),
                    t('admin.types.active'), ''].map(text => h('th', {scope: 'col'}, text)))),
                h('tbody', {}, answer.items.map(type => h('tr', {class: type.active ? null : 'inactive'},
                    h('td', {}, paintType(h('span', {class: 'type-dot'}), {typeColor: type.color}, 'backgroundColor'), type.name),
                    h('td', {}, String(type.durationMinutes)),
                    h('td', {}, h('code', {}, type.color)),
                    h('td', {}, type.active ? t('common.yes') : t('common.no')),
                    h('td', {class: 'row-actions'}, h('button', {type: 'button', class: 'button ghost small',
                        onclick: () => typeDialog(type, load)}, t('common.edit'))))))));
        } catch (error) {
            replace(list, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };
    replace(panel,
        h('div', {class: 'panel-actions'}, h('button', {type: 'button', class: 'button primary', 'data-action': 'new-type',
            onclick: () => typeDialog(null, load)}, icon('plus'), t('admin.types.new'))),
        list);
    load();
    return onChange(['appointment-type'], load);
}

function typeDialog(type, done) {
    const {body, close} = openDialog(type ? type.name : t('admin.types.new'));
    const fields = {
        name: field({name: 'name', label: t('admin.types.name'), required: true, value: type?.name || '', maxlength: 100}),
        durationMinutes: field({name: 'durationMinutes', label: t('admin.types.duration'), required: true, type: 'number',
            value: String(type?.durationMinutes || 30), inputmode: 'numeric'}),
        color: field({name: 'color', label: t('admin.types.color'), type: 'color', value: type?.color || '#1565c0'}),
    };
    const active = h('input', {type: 'checkbox', id: 'type-active', checked: type ? type.active : true});
    const summary = errorSummary();
    const form = h('form', {novalidate: true, onsubmit: async event => {
        event.preventDefault();
        const errors = {};
        const minutes = Number(fields.durationMinutes.input.value);
        if (!fields.name.input.value.trim()) {
            errors.name = t('code.required');
        }
        if (!Number.isInteger(minutes) || minutes < 5 || minutes > 480) {
            errors.durationMinutes = t('code.number.out-of-range');
        }
        if (!COLOR.test(fields.color.input.value)) {
            errors.color = t('code.color.invalid');
        }
        showErrors(summary, fields, errors);
        if (Object.keys(errors).length) {
            return;
        }
        const payload = {name: fields.name.input.value.trim(), durationMinutes: minutes, color: fields.color.input.value,
            active: active.checked};
        try {
            if (type) {
                await put(`/api/appointment-types/${type.id}`, payload);
            } else {
                await post('/api/appointment-types', payload);
            }
            notify(t('admin.types.saved'));
            close();
            done();
        } catch (error) {
            const errors = fieldErrors(error);
            showErrors(summary, fields, errors, Object.keys(errors).length ? undefined : errorSentence(error));
        }
    }},
    summary,
    h('div', {class: 'grid-3'}, fields.name.row, fields.durationMinutes.row, fields.color.row),
    h('div', {class: 'check'}, active, h('label', {for: 'type-active'}, t('admin.types.active'))),
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'button primary', 'data-action': 'save-type'},
        t('common.save')), h('button', {type: 'button', class: 'button ghost', onclick: close}, t('common.cancel'))));
    body.append(form);
    fields.name.input.focus();
}

/** The holidays tab: the clinic's closed days of a year; the agenda refuses bookings on them. */
export function holidays(panel) {
    const year = Number(today().slice(0, 4));
    const list = h('div', {class: 'card'});
    const fields = {
        date: field({name: 'date', label: t('admin.holidays.date'), required: true, placeholder: datePattern(), inputmode: 'numeric',
            maxlength: 10, format: 'date', check: value => (parseDate(value) ? null : t('code.date.invalid', {pattern: datePattern()}))}),
        name: field({name: 'name', label: t('admin.holidays.name'), required: true, maxlength: 200}),
    };
    const summary = errorSummary();
    const load = async () => {
        try {
            const [thisYear, next] = await Promise.all([get(`/api/agenda/holidays?year=${year}`), get(`/api/agenda/holidays?year=${year + 1}`)]);
            const items = [...thisYear.items, ...next.items];
            replace(list, items.length === 0 ? h('p', {class: 'muted'}, t('admin.holidays.none')) : h('table',
                {class: 'table', 'data-testid': 'holidays'},
                h('tbody', {}, items.map(holiday => h('tr', {},
                    h('td', {class: 'nowrap'}, formatDate(holiday.date)),
                    h('td', {}, holiday.name),
                    h('td', {class: 'row-actions'}, h('button', {type: 'button', class: 'button ghost small', onclick: async () => {
                        try {
                            await del(`/api/agenda/holidays/${holiday.id}`);
                            load();
                        } catch (error) {
                            notify(errorSentence(error), 'error');
                        }
                    }}, t('admin.holidays.remove'))))))));
        } catch (error) {
            replace(list, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };
    const form = h('form', {class: 'inline-form', novalidate: true, onsubmit: async event => {
        event.preventDefault();
        const date = parseDate(fields.date.input.value);
        const errors = {};
        if (!date) {
            errors.date = t('code.date.invalid', {pattern: datePattern()});
        }
        if (!fields.name.input.value.trim()) {
            errors.name = t('code.required');
        }
        showErrors(summary, fields, errors);
        if (Object.keys(errors).length) {
            return;
        }
        try {
            const answer = await post('/api/agenda/holidays', {date, name: fields.name.input.value.trim()});
            notify(t('admin.holidays.saved'));
            fields.date.input.value = '';
            fields.name.input.value = '';
            load();
            showInside(answer.appointmentsInside, t('block.inside'));
        } catch (error) {
            const errors = fieldErrors(error);
            showErrors(summary, fields, errors, Object.keys(errors).length ? undefined : errorSentence(error));
        }
    }},
    summary,
    h('div', {class: 'grid-3'}, fields.date.row, fields.name.row,
        h('div', {class: 'field'}, h('button', {type: 'submit', class: 'button primary', 'data-action': 'add-holiday'},
            icon('plus'), t('admin.holidays.add')))));
    replace(panel, form, list);
    load();
    return onChange(['agenda-block'], load);
}

/** The practitioner select of the user dialog: which agenda column this login is ("meus pacientes"). */
export async function practitionerLinkField(user) {
    const linked = field({name: 'practitionerId', label: t('admin.users.practitioner'),
        control: select([['', t('admin.users.noPractitioner')]], '')});
    try {
        const answer = await get('/api/practitioners?includeInactive=true');
        for (const practitioner of answer.items) {
            linked.input.append(h('option', {value: practitioner.id, selected: practitioner.id === user?.practitionerId},
                practitioner.fullName));
        }
    } catch {
        // Left with "none": the link is kept unless the admin picks another.
    }
    return linked;
}

/** Lists appointments a change left outside (new hours, a new holiday) for the desk to move; nothing when none. */
export function showInside(appointments, intro, title = t('admin.pract.outside.title')) {
    if (!appointments || appointments.length === 0) {
        return;
    }
    const {body, close} = openDialog(title, {className: 'outside-dialog'});
    body.append(h('p', {}, intro), h('ul', {'data-testid': 'outside-list'}, appointments.map(item => h('li', {},
        h('a', {href: `#/agenda/${item.start.slice(0, 10)}`, onclick: close},
            `${formatDate(item.start.slice(0, 10))} ${timeOf(item.start)} · ${item.patientName}`)))),
    h('div', {class: 'form-actions'}, h('button', {type: 'button', class: 'button primary', onclick: close}, t('common.close'))));
}
