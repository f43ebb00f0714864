import {h, replace, icon, debounce, keepingFocus} from '../dom.js';
import {t, today, addDays, formatLongDate, parseDate, timeOf} from '../i18n.js';
import {get} from '../api.js';
import {onChange} from '../live.js';
import {navigate, currentUser} from '../main.js';
import {errorSentence} from '../ui.js';
import {paintType} from './agenda.js';

const SHOWN = new Set(['BOOKED', 'CONFIRMED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW']);

/** "Meus pacientes": the day's patients of the practitioner this login is linked to, first thing after logging in. */
export function mount(container, {date: dateParam}) {
    const date = parseDate(dateParam || '') || today();
    const practitionerId = currentUser()?.practitionerId;
    const list = h('div', {class: 'card', 'data-testid': 'mine'});
    const go = target => navigate(`#/mine/${target}`);
    replace(container, h('section', {class: 'page mine-page'},
        h('div', {class: 'page-header agenda-header'},
            h('div', {}, h('h1', {}, t('mine.title')),
                h('p', {class: 'muted'}, t('mine.subtitle', {date: formatLongDate(date)}))),
            h('div', {class: 'actions'}, h('div', {class: 'date-nav'},
                h('button', {type: 'button', class: 'icon-button', 'aria-label': t('agenda.prev'), onclick: () => go(addDays(date, -1))},
                    icon('chevronLeft')),
                h('button', {type: 'button', class: 'button secondary', onclick: () => go(today())}, t('agenda.today')),
                h('button', {type: 'button', class: 'icon-button', 'aria-label': t('agenda.next'), onclick: () => go(addDays(date, 1))},
                    icon('chevronRight'))),
            practitionerId ? h('a', {class: 'button secondary', href: `#/week/${date}?practitioner=${practitionerId}`}, t('nav.week')) : null)),
        list));
    if (!practitionerId) {
        replace(list, h('p', {class: 'empty-state'}, t('mine.notLinked')));
        return null;
    }
    let shown = '';
    const load = async () => {
        try {
            const answer = await get(`/api/appointments?date=${date}&practitionerId=${practitionerId}`);
            const items = answer.items.filter(item => SHOWN.has(item.status));
            const data = JSON.stringify(items);
            if (data === shown) {
                return;
            }
            shown = data;
            keepingFocus(list, () => replace(list, items.length === 0 ? h('p', {class: 'empty-state'}, t('mine.empty'))
                : h('ol', {class: 'mine-list'}, items.map(item => h('li', {},
                    paintType(h('a', {class: ['week-appt', `status-${item.status}`], href: `#/patients/${item.patientId}`,
                        dataset: {appointment: item.id}},
                    h('span', {class: 'appt-time'}, `${timeOf(item.start)}–${timeOf(item.end)}`),
                    h('span', {class: 'appt-name'}, item.patientName),
                    item.typeName ? h('span', {class: 'appt-type'}, item.typeName) : null,
                    h('span', {class: `badge status-${item.status}`}, t(`status.${item.status}`))), item))))));
        } catch (error) {
            shown = '';
            replace(list, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };
    load();
    const reload = debounce(load, 150);
    const unsubscribe = onChange(['appointment', 'checkin', 'waiting'], () => reload());
    return () => {
        reload.cancel();
        unsubscribe();
    };
}
