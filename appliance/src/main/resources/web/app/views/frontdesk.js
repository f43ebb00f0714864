// The front desk's day (issue 11): the pieces the agenda and the board share — legal priorities at check-in, the
// guarded no-show, undo, and the encaixe option of the booking form. Kept apart from agenda.js so each can change alone.

import {h} from '../dom.js';
import {t, timeOf} from '../i18n.js';
import {post, patch} from '../api.js';
import {errorSentence, openDialog} from '../ui.js';

/** The priorities the desk flags; 60+ and 80+ come from the birth date on the server. */
export const FLAGGED_PRIORITIES = ['PREGNANT', 'BREASTFEEDING', 'LAP_CHILD', 'DISABILITY', 'REDUCED_MOBILITY', 'OBESITY'];

/** Checkboxes for the legal priorities; returns {element, values()}. */
export function priorityPicker() {
    const boxes = FLAGGED_PRIORITIES.map(priority => h('input', {type: 'checkbox', id: `priority-${priority}`, value: priority,
        dataset: {priority}}));
    const element = h('fieldset', {class: 'priority-picker', 'data-testid': 'priorities'},
        h('legend', {}, t('checkin.priorities')),
        h('div', {class: 'priority-options'}, boxes.map(box => h('label', {class: 'check', for: box.id}, box,
            ` ${t(`priority.${box.value}`)}`))),
        h('p', {class: 'hint muted'}, t('checkin.ageAuto')));
    return {element, values: () => boxes.filter(box => box.checked).map(box => box.value)};
}

/** Badges naming a visit's priorities (or nothing). */
export function priorityBadges(priorities = []) {
    return priorities.length === 0 ? null : h('span', {class: 'priority-badges', 'data-testid': 'priority'},
        priorities.map(priority => h('span', {class: ['badge', 'priority', `priority-${priority}`]}, t(`priority.${priority}`))));
}

/** The clinic's local date-time now, as the agenda writes it (YYYY-MM-DDTHH:MM), whatever the browser's zone. */
export function clinicNow(timeZone) {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit',
        day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'}).formatToParts(new Date())
        .map(part => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * "Marcar falta" behind a confirmation dialog. Before the appointment's start the button stays disabled (the server
 * also waits for the grace after it, and says so). Resolves true once marked.
 */
export function confirmNoShow(appointment) {
    return new Promise(resolve => {
        const {body, close} = openDialog(t('agenda.appt.noShow'), {className: 'confirm-dialog', onClose: () => resolve(false)});
        const message = h('p', {class: 'dialog-error', role: 'alert', hidden: true, 'data-testid': 'no-show-error'});
        const confirm = h('button', {type: 'button', class: 'button danger', 'data-action': 'confirm-no-show', onclick: async () => {
            confirm.disabled = true;
            try {
                await patch(`/api/appointments/${appointment.id}`, {status: 'NO_SHOW'});
                resolve(true);
                close();
            } catch (error) {
                confirm.disabled = false;
                message.textContent = errorSentence(error);
                message.hidden = false;
            }
        }}, t('agenda.appt.noShow'));
        body.append(h('p', {}, t('agenda.appt.noShowConfirm', {patient: appointment.patientName, time: timeOf(appointment.start)})),
            message,
            h('div', {class: 'form-actions'}, confirm,
                h('button', {type: 'button', class: 'button ghost', onclick: close}, t('common.cancel'))));
        confirm.focus();
    });
}

/** The undo an appointment's status allows, as {label, run}, or null. */
export function undoFor(appointment) {
    const label = {NO_SHOW: 'agenda.appt.undoNoShow', CANCELLED: 'agenda.appt.undoCancel', CHECKED_IN: 'agenda.appt.undoCheckIn'}[
        appointment.status];
    return label ? {label: t(label), run: () => post(`/api/appointments/${appointment.id}/undo`, {})} : null;
}

/** A checkbox "Encaixe" for the booking form; returns {row, checked()}. */
export function squeezeInOption(preset) {
    const box = h('input', {type: 'checkbox', id: 'booking-squeeze-in', name: 'squeezeIn', checked: Boolean(preset)});
    const row = h('div', {class: 'field check-row'}, h('label', {class: 'check', for: box.id}, box, ` ${t('agenda.book.squeezeIn')}`));
    return {row, checked: () => box.checked};
}
