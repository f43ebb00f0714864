import {h, replace, icon} from '../dom.js';
import {t, formatDate, formatPhone, formatDocument, age, today, timeOf, documentLabel} from '../i18n.js';
import {get, post} from '../api.js';
import {onChange} from '../live.js';
import {errorSentence, notify} from '../ui.js';

/** One patient's record: details, today's appointments with check-in, and the ways to book or edit. */
export function mount(container, {id}) {
    const section = h('section', {class: 'page record-page'}, h('p', {class: 'muted'}, t('common.loading')));
    replace(container, section);
    let patient = null;
    const todayBox = h('div', {class: 'card today-card', 'data-testid': 'patient-today'});

    const loadToday = async () => {
        let items = [];
        try {
            items = (await get(`/api/appointments?date=${today()}`)).items
                .filter(appointment => appointment.patientId === id && appointment.status !== 'CANCELLED');
        } catch (error) {
            if (error.status !== 404) {
                replace(todayBox, h('h2', {}, t('patient.today')), h('p', {class: 'muted'}, errorSentence(error)));
            }
            return;
        }
        replace(todayBox, h('h2', {}, t('patient.today')),
            items.length === 0 ? h('p', {class: 'muted'}, t('patient.noToday')) : h('ul', {class: 'plain-list'},
                items.map(appointment => h('li', {class: 'today-item'},
                    h('span', {class: 'time'}, timeOf(appointment.start)),
                    h('span', {}, appointment.practitionerName),
                    h('span', {class: `badge status-${appointment.status}`}, t(`status.${appointment.status}`)),
                    (appointment.status === 'BOOKED' || appointment.status === 'CONFIRMED')
                        ? h('button', {type: 'button', class: 'button primary small', 'data-action': 'checkin',
                            onclick: async event => {
                                event.currentTarget.disabled = true;
                                try {
                                    await post('/api/checkins', {appointmentId: appointment.id});
                                    notify(t('agenda.appt.checkedIn', {patient: patient.fullName}));
                                } catch (error) {
                                    notify(errorSentence(error), 'error');
                                }
                                loadToday();
                            }}, icon('check'), t('patient.checkin'))
                        : null))));
    };

    const item = (label, value) => h('div', {class: 'detail'}, h('dt', {}, label), h('dd', {}, value || t('common.none')));

    (async () => {
        try {
            patient = await get(`/api/patients/${id}`);
        } catch (error) {
            replace(section, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
            return;
        }
        const address = patient.address
            ? [patient.address.line, patient.address.city, patient.address.state, patient.address.postalCode]
                .filter(Boolean).join(', ')
            : '';
        const yesNo = value => (value ? t('common.yes') : t('common.no'));
        replace(section,
            h('div', {class: 'page-header'},
                h('div', {},
                    h('h1', {'data-testid': 'patient-name'}, patient.fullName),
                    h('p', {class: 'muted'}, `${formatDate(patient.birthDate)} · ${t('patient.age', {age: age(patient.birthDate)})}`)),
                h('div', {class: 'actions'},
                    h('a', {class: 'button secondary', href: `#/patients/${id}/edit`, 'data-action': 'edit'}, t('common.edit')),
                    h('a', {class: 'button primary', href: `#/agenda/${today()}?patient=${id}`, 'data-action': 'book'},
                        icon('plus'), t('patient.book')))),
            h('div', {class: 'record-grid'},
                h('div', {class: 'card'},
                    h('dl', {class: 'details'},
                        item(t('patient.birthDate'), formatDate(patient.birthDate)),
                        item(t('patient.sex'), patient.sex ? t(`patient.sex.${patient.sex}`) : ''),
                        item(documentLabel(), formatDocument(patient.document)),
                        item(t('patient.phone'), formatPhone(patient.phone)),
                        item(t('patient.secondaryPhone'), formatPhone(patient.secondaryPhone)),
                        item(t('patient.email'), patient.email),
                        item(t('patient.address'), address),
                        item(t('patient.consents.sms'), yesNo(patient.consents?.sms)),
                        item(t('patient.consents.email'), yesNo(patient.consents?.email)),
                        item(t('patient.consents.dataProcessing'), yesNo(patient.consents?.dataProcessing)))),
                todayBox));
        loadToday();
    })();
    return onChange(['appointment', 'checkin'], () => patient && loadToday());
}
