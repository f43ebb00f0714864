import {h, replace, icon, debounce, keepingFocus} from '../dom.js';
import {t, formatDate, formatPhone, formatDocument, age, today, timeOf} from '../i18n.js';
import {get, post} from '../api.js';
import {onChange} from '../live.js';
import {errorSentence, moveFocus, searchable, notify} from '../ui.js';
import {newTarget} from '../drafts.js';

const QUERY_KEY = 'cn.search';

/** The one search box: results as the user types, Enter to search now, arrows to move, check-in in place. */
export function mount(container) {
    const input = h('input', {id: 'patient-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
        placeholder: t('search.placeholder'), 'aria-describedby': 'patient-search-hint',
        value: sessionStorage.getItem(QUERY_KEY) || ''});
    const status = h('p', {class: 'search-status', role: 'status', 'data-testid': 'search-status'});
    const results = h('ul', {class: 'result-list', 'data-testid': 'search-results'});
    const newButton = h('a', {class: 'button primary', href: '#/patients/new', 'data-action': 'new-patient',
        onclick: () => {
            sessionStorage.setItem('cn.newPatientFrom', input.value.trim());
            // A new patient starts an empty form: the draft of an earlier new patient is not restored into it.
            newTarget('patient.new');
        }}, icon('plus'), t('search.new'));
    let sequence = 0;
    let shownData = '';
    let todays = new Map();

    const loadToday = async () => {
        try {
            const answer = await get(`/api/appointments?date=${today()}`);
            todays = new Map();
            for (const appointment of answer.items) {
                if (['BOOKED', 'CONFIRMED', 'CHECKED_IN'].includes(appointment.status)) {
                    const list = todays.get(appointment.patientId) || [];
                    list.push(appointment);
                    todays.set(appointment.patientId, list);
                }
            }
        } catch {
            // Without today's agenda the results simply offer no check-in.
            todays = new Map();
        }
    };

    const checkIn = async (appointment, button) => {
        button.disabled = true;
        try {
            await post('/api/checkins', {appointmentId: appointment.id});
            notify(t('agenda.appt.checkedIn', {patient: appointment.patientName}));
            await loadToday();
            search.now(input.value);
        } catch (error) {
            button.disabled = false;
            notify(errorSentence(error), 'error');
        }
    };

    const row = patient => {
        const appointments = todays.get(patient.id) || [];
        return h('li', {class: 'result'},
            h('a', {href: `#/patients/${patient.id}`, class: 'result-main', dataset: {key: patient.id}},
                h('span', {class: 'result-name'}, patient.fullName),
                h('span', {class: 'result-meta'},
                    h('span', {}, `${formatDate(patient.birthDate)} (${t('patient.age', {age: age(patient.birthDate)})})`),
                    patient.document ? h('span', {}, formatDocument(patient.document)) : null,
                    patient.phone ? h('span', {}, formatPhone(patient.phone)) : null)),
            appointments.map(appointment => appointment.status !== 'CHECKED_IN'
                ? h('button', {type: 'button', class: 'button secondary', 'data-action': 'checkin', dataset: {key: `${appointment.id}:checkin`},
                    onclick: event => checkIn(appointment, event.currentTarget)},
                    icon('check'), `${t('patient.checkin')} · ${timeOf(appointment.start)}`)
                : h('span', {class: 'badge success'}, `${t('patient.checkedIn')} · ${timeOf(appointment.start)}`)));
    };

    const search = debounce(async query => {
        const mine = ++sequence;
        sessionStorage.setItem(QUERY_KEY, query);
        if (!searchable(query)) {
            replace(results);
            shownData = '';
            status.textContent = query.trim() ? t('search.start') : '';
            return;
        }
        try {
            const found = await get(`/api/patients?q=${encodeURIComponent(query.trim())}&limit=20`);
            if (mine !== sequence) {
                return;
            }
            status.textContent = found.items.length
                ? t('search.results', {count: found.items.length})
                : t('search.empty', {query: query.trim()});
            const data = JSON.stringify([found.items, found.items.map(patient => todays.get(patient.id) || [])]);
            if (data !== shownData) {
                shownData = data;
                keepingFocus(results, () => replace(results, found.items.map(row)));
            }
        } catch (error) {
            if (mine === sequence) {
                status.textContent = errorSentence(error);
            }
        }
    }, 250);

    input.addEventListener('input', () => search(input.value));
    input.addEventListener('keydown', event => {
        if (event.key === 'Enter') {
            event.preventDefault();
            search.now(input.value);
        } else if (event.key === 'ArrowDown') {
            event.preventDefault();
            results.querySelector('a')?.focus();
        } else if (event.key === 'Escape') {
            input.value = '';
            search.now('');
        }
    });
    results.addEventListener('keydown', event => moveFocus(event, results, input));

    replace(container, h('section', {class: 'page search-page'},
        h('div', {class: 'page-header'},
            h('h1', {}, t('nav.patients')),
            newButton),
        h('div', {class: 'search-box'},
            h('label', {for: 'patient-search', class: 'search-label'}, t('search.label')),
            h('div', {class: 'search-input'}, icon('search'), input),
            h('p', {id: 'patient-search-hint', class: 'field-hint'}, t('search.hint'))),
        status,
        results));
    input.focus();
    input.select();
    loadToday().then(() => input.value && search.now(input.value));
    const unsubscribe = onChange(['appointment', 'checkin', 'patient'], async () => {
        await loadToday();
        if (input.value) {
            search.now(input.value);
        }
    });
    return () => {
        search.cancel();
        unsubscribe();
    };
}
