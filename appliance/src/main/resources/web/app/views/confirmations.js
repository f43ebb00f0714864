import {h, replace, icon, debounce, keepingFocus} from '../dom.js';
import {t, today, addDays, formatDate, formatLongDate, parseDate, datePattern, timeOf, formatPhone,
    formatInstant} from '../i18n.js';
import {get} from '../api.js';
import {onChange} from '../live.js';
import {navigate} from '../main.js';
import {errorSentence, notify} from '../ui.js';
import {confirmationActions, paintType} from './agenda.js';

/**
 * "Confirmar amanhã": the next day's booked appointments with the patients' phone numbers and their confirmation, for
 * the morning's calls; printable. The server audits every view of it (it shows patient data). The status and this list
 * are what automatic reminders will use later.
 */
export function mount(container, {date: dateParam}) {
    const date = parseDate(dateParam || '') || addDays(today(), 1);
    const list = h('div', {class: 'card confirm-list', 'data-testid': 'confirmations'}, h('p', {class: 'muted'}, t('common.loading')));
    const count = h('p', {class: 'muted', 'data-testid': 'confirm-count'});
    const dateInput = h('input', {id: 'confirm-date', class: 'date-input', value: formatDate(date), inputmode: 'numeric',
        placeholder: datePattern(), 'aria-label': t('agenda.date')});
    const go = target => navigate(`#/confirmations/${target}`);
    dateInput.addEventListener('change', () => {
        const parsed = parseDate(dateInput.value);
        if (parsed && parsed !== date) {
            go(parsed);
        }
    });
    replace(container, h('section', {class: 'page confirm-page'},
        h('div', {class: 'page-header agenda-header'},
            h('div', {},
                h('h1', {}, t('confirm.title')),
                h('p', {class: 'muted', 'data-testid': 'confirm-date'}, t('confirm.subtitle', {date: formatLongDate(date)})),
                count),
            h('div', {class: 'actions'},
                h('div', {class: 'date-nav'},
                    h('button', {type: 'button', class: 'icon-button', 'aria-label': t('agenda.prev'),
                        onclick: () => go(addDays(date, -1))}, icon('chevronLeft')),
                    dateInput,
                    h('button', {type: 'button', class: 'icon-button', 'aria-label': t('agenda.next'),
                        onclick: () => go(addDays(date, 1))}, icon('chevronRight'))),
                h('button', {type: 'button', class: 'button secondary', 'data-action': 'print', onclick: () => window.print()},
                    icon('print'), t('common.print')))),
        list,
        h('p', {class: 'print-footer muted'}, t('agenda.dayList.printed', {when: formatInstant(new Date().toISOString())}))));

    const act = async (button, request, done) => {
        button.disabled = true;
        try {
            await request();
            notify(done);
            load();
        } catch (error) {
            button.disabled = false;
            notify(errorSentence(error), 'error');
        }
    };

    let shown = '';
    const load = async () => {
        let answer;
        try {
            answer = await get(`/api/appointments/confirmations?date=${date}`);
        } catch (error) {
            shown = '';
            replace(list, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
            return;
        }
        const data = JSON.stringify(answer.items);
        if (data === shown) {
            return;
        }
        shown = data;
        const items = answer.items;
        count.textContent = t('confirm.count', {confirmed: items.filter(item => item.status === 'CONFIRMED').length,
            total: items.length});
        keepingFocus(list, () => replace(list, items.length === 0 ? h('p', {class: 'empty-state'}, t('confirm.empty'))
            : h('table', {class: 'table'},
                h('thead', {}, h('tr', {}, [t('agenda.time'), t('agenda.book.patient'), t('confirm.phone'), t('week.practitioner'),
                    t('type.label'), 'Status', t('confirm.actions')].map(text => h('th', {scope: 'col'}, text)))),
                h('tbody', {}, items.map(item => h('tr', {dataset: {appointment: item.id}, class: `status-row-${item.status}`},
                    h('td', {class: 'nowrap'}, `${timeOf(item.start)}–${timeOf(item.end)}`),
                    h('td', {}, h('a', {href: `#/patients/${item.patientId}`}, item.patientName)),
                    h('td', {class: 'nowrap', 'data-testid': 'phone'}, item.phone
                        ? [h('a', {href: `tel:${item.phone.replace(/[^\d+]/g, '')}`}, formatPhone(item.phone)),
                            item.secondaryPhone ? h('span', {class: 'muted'}, ` / ${formatPhone(item.secondaryPhone)}`) : null]
                        : h('span', {class: 'muted'}, t('confirm.noPhone'))),
                    h('td', {}, item.practitionerName),
                    h('td', {}, item.typeName ? [paintType(h('span', {class: 'type-dot'}), item, 'backgroundColor'), item.typeName] : ''),
                    h('td', {}, h('span', {class: `badge status-${item.status}`}, t(`status.${item.status}`)),
                        item.confirmationChannel ? h('span', {class: 'muted'}, ` · ${t(`channel.${item.confirmationChannel}`)}`) : null),
                    h('td', {class: 'row-actions no-print'}, confirmationActions(item, act))))))));
    };
    load();
    const reload = debounce(load, 300);
    // Each load is an audited view: reload on changes to appointments only, not on every patient view elsewhere.
    const unsubscribe = onChange(['appointment'], () => reload());
    return () => {
        reload.cancel();
        unsubscribe();
    };
}
