import {h, replace, icon, debounce, normalizeName} from '../dom.js';
import {t, clinic, datePattern, parseDate, formatDate, today, validCpf, cpfProblem, codeMessage, documentLabel,
    formatDocument} from '../i18n.js';
import {get, post, put} from '../api.js';
import {navigate} from '../main.js';
import {loadDraft, saveDraft, clearDraft, currentTarget} from '../drafts.js';
import {field, select, showErrors, errorSummary, errorSentence, fieldErrors, notify, patientSummary} from '../ui.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9 ().-]{8,25}$/;
const SEXES = ['FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED'];

/** Register a new patient (no id) or edit one; keeps a draft, checks fields, warns of likely duplicates. */
export function mount(container, {id}) {
    const draftName = id ? `patient.${id}` : `patient.new.${currentTarget('patient.new')}`;
    const section = h('section', {class: 'page form-page'}, h('p', {class: 'muted'}, t('common.loading')));
    replace(container, section);
    let alive = true;
    const start = async () => {
        let existing = null;
        if (id) {
            try {
                existing = await get(`/api/patients/${id}`);
            } catch (error) {
                replace(section, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
                return;
            }
        }
        if (alive) {
            render(section, id, existing, draftName);
        }
    };
    start();
    return () => {
        alive = false;
    };
}

function fromPatient(patient) {
    return {
        fullName: patient.fullName || '', birthDate: patient.birthDate ? formatDate(patient.birthDate) : '',
        sex: patient.sex || '', document: patient.document ? formatDocument(patient.document) : '',
        phone: patient.phone || '', secondaryPhone: patient.secondaryPhone || '', email: patient.email || '',
        'address.line': patient.address?.line || '', 'address.city': patient.address?.city || '',
        'address.state': patient.address?.state || '', 'address.postalCode': patient.address?.postalCode || '',
        'consents.sms': Boolean(patient.consents?.sms), 'consents.email': Boolean(patient.consents?.email),
        'consents.dataProcessing': Boolean(patient.consents?.dataProcessing),
    };
}

/** What the search box held when "New patient" was pressed becomes the name or birth date. */
function prefill() {
    const from = sessionStorage.getItem('cn.newPatientFrom') || '';
    sessionStorage.removeItem('cn.newPatientFrom');
    const values = fromPatient({});
    const date = parseDate(from);
    if (date) {
        values.birthDate = formatDate(date);
    } else if (/^[^\d]{2,}$/.test(from)) {
        values.fullName = from.replace(/(^|\s)\p{Ll}/gu, letter => letter.toUpperCase());
    }
    return values;
}

function render(section, id, existing, draftName) {
    const draft = loadDraft(draftName);
    const initial = draft || (existing ? fromPatient(existing) : prefill());
    // A field's error goes once what validate() says about it is fixed (see ui.js, field).
    const check = name => value => validate({...values(), [name]: value})[name] || null;
    const text = (name, label, options = {}) => field({name, label, value: initial[name] || '', check: check(name), ...options});
    const fields = {
        fullName: text('fullName', t('patient.fullName'), {required: true, autocomplete: 'off', maxlength: 200}),
        birthDate: text('birthDate', t('patient.birthDate'), {required: true, placeholder: datePattern(),
            inputmode: 'numeric', maxlength: 10, format: 'date'}),
        sex: field({name: 'sex', label: t('patient.sex'),
            control: select([['', t('patient.sex.none')], ...SEXES.map(sex => [sex, t(`patient.sex.${sex}`)])], initial.sex)}),
        document: text('document', documentLabel(), {inputmode: clinic.locale === 'pt-BR' ? 'numeric' : undefined,
            maxlength: 40, placeholder: clinic.locale === 'pt-BR' ? '000.000.000-00' : undefined}),
        phone: text('phone', t('patient.phone'), {type: 'tel', maxlength: 25, autocomplete: 'off'}),
        secondaryPhone: text('secondaryPhone', t('patient.secondaryPhone'), {type: 'tel', maxlength: 25, autocomplete: 'off'}),
        email: text('email', t('patient.email'), {type: 'email', maxlength: 254, autocomplete: 'off'}),
        'address.line': text('address.line', t('patient.address.line'), {maxlength: 200, className: 'span-2'}),
        'address.city': text('address.city', t('patient.address.city'), {maxlength: 100}),
        'address.state': text('address.state', t('patient.address.state'), {maxlength: 50}),
        'address.postalCode': text('address.postalCode', t('patient.address.postalCode'), {maxlength: 20, inputmode: 'numeric'}),
    };
    const consent = name => {
        const input = h('input', {type: 'checkbox', id: `consent-${name}`, name: `consents.${name}`,
            checked: Boolean(initial[`consents.${name}`])});
        return {input, row: h('div', {class: 'check'}, input, h('label', {for: input.id}, t(`patient.consents.${name}`)))};
    };
    const consents = {sms: consent('sms'), email: consent('email'), dataProcessing: consent('dataProcessing')};
    const summary = errorSummary();
    const duplicates = h('div', {class: 'duplicates', role: 'alert', 'data-testid': 'duplicates', hidden: true});
    const submit = h('button', {type: 'submit', class: 'button primary', 'data-action': 'save'}, t('common.save'));
    let confirmedDuplicates = '';

    const values = () => {
        const current = {};
        for (const [name, entry] of Object.entries(fields)) {
            current[name] = entry.input.value;
        }
        for (const [name, entry] of Object.entries(consents)) {
            current[`consents.${name}`] = entry.input.checked;
        }
        return current;
    };

    const validate = current => {
        const errors = {};
        if (!current.fullName.trim()) {
            errors.fullName = t('code.required');
        }
        const birth = parseDate(current.birthDate);
        if (!current.birthDate.trim()) {
            errors.birthDate = t('code.required');
        } else if (!birth) {
            errors.birthDate = t('code.date.invalid', {pattern: datePattern()});
        } else if (birth < '1900-01-01' || birth > today()) {
            errors.birthDate = t('v.dateRange');
        }
        const cpf = current.document.trim() && clinic.locale === 'pt-BR' ? cpfProblem(current.document) : null;
        if (cpf) {
            errors.document = codeMessage(cpf);
        }
        for (const name of ['phone', 'secondaryPhone']) {
            if (current[name].trim() && !PHONE.test(current[name].trim())) {
                errors[name] = t('code.phone.invalid');
            }
        }
        if (current.email.trim() && !EMAIL.test(current.email.trim())) {
            errors.email = t('code.email.invalid');
        }
        return errors;
    };

    const body = current => {
        const optional = value => (value.trim() ? value.trim() : null);
        const address = {line: optional(current['address.line']), city: optional(current['address.city']),
            state: optional(current['address.state']), postalCode: optional(current['address.postalCode'])};
        const document = optional(current.document);
        return {
            fullName: current.fullName.trim().replace(/\s+/g, ' '),
            birthDate: parseDate(current.birthDate),
            sex: current.sex || null,
            document: document && clinic.locale === 'pt-BR' && validCpf(document) ? formatDocument(document) : document,
            phone: optional(current.phone),
            secondaryPhone: optional(current.secondaryPhone),
            email: optional(current.email),
            address: Object.values(address).some(Boolean) ? address : null,
            consents: {sms: current['consents.sms'], email: current['consents.email'],
                dataProcessing: current['consents.dataProcessing']},
        };
    };

    /** Patients already registered that look like this one: same document, or same name and birth date. */
    const findDuplicates = async current => {
        const found = {document: [], nameBirth: []};
        const birth = parseDate(current.birthDate);
        const digits = current.document.replace(/\D/g, '');
        const others = patient => patient.id !== id;
        if (digits.length >= 3) {
            const answer = await get(`/api/patients?q=${encodeURIComponent(digits)}&limit=10`);
            // Search results show documents masked; the server says which one is this very number.
            found.document = answer.items.filter(others).filter(patient => patient.documentMatches);
        }
        if (birth && current.fullName.trim()) {
            const name = normalizeName(current.fullName);
            const answer = await get(`/api/patients?q=${birth}&limit=100`);
            found.nameBirth = answer.items.filter(others).filter(patient => normalizeName(patient.fullName) === name);
        }
        return found;
    };

    const showDuplicates = found => {
        const item = patient => h('li', {},
            h('a', {href: `#/patients/${patient.id}`, class: 'dup-link'}, patient.fullName),
            h('span', {class: 'muted'}, ` · ${patientSummary(patient)}`));
        const key = [...found.document, ...found.nameBirth].map(patient => patient.id).sort().join(',');
        if (!key) {
            duplicates.hidden = true;
            replace(duplicates);
            return {blocking: false, key};
        }
        replace(duplicates,
            h('p', {class: 'summary-title'}, icon('warning'), t('patient.dup.title')),
            found.document.length ? [h('p', {}, t('patient.dup.document')), h('ul', {}, found.document.map(item))] : null,
            found.nameBirth.length > 0 && found.document.length === 0
                ? [h('p', {}, t('patient.dup.nameBirth')), h('ul', {}, found.nameBirth.map(item)),
                    h('button', {type: 'button', class: 'button secondary', 'data-action': 'save-anyway', onclick: () => {
                        confirmedDuplicates = key;
                        form.requestSubmit();
                    }}, t('patient.dup.saveAnyway'))]
                : null);
        duplicates.hidden = false;
        return {blocking: found.document.length > 0 || confirmedDuplicates !== key, key};
    };

    const checkEarly = debounce(async () => {
        const current = values();
        const nameAndBirth = parseDate(current.birthDate) && current.fullName.trim();
        if (!nameAndBirth && current.document.replace(/\D/g, '').length < 3) {
            return;
        }
        try {
            showDuplicates(await findDuplicates(current));
        } catch {
            // The check runs again on save.
        }
    }, 300);

    const form = h('form', {class: 'patient-form', novalidate: true, onsubmit: async event => {
        event.preventDefault();
        const current = values();
        saveDraft(draftName, current);
        const errors = validate(current);
        showErrors(summary, fields, errors);
        if (Object.keys(errors).length) {
            return;
        }
        submit.disabled = true;
        submit.textContent = t('common.saving');
        try {
            const found = await findDuplicates(current);
            if (showDuplicates(found).blocking) {
                duplicates.querySelector('a')?.focus();
                return;
            }
            const saved = id ? await put(`/api/patients/${id}`, body(current)) : await post('/api/patients', body(current));
            clearDraft(draftName);
            notify(t(id ? 'patient.updated' : 'patient.created'));
            navigate(`#/patients/${saved.id}`);
        } catch (error) {
            if (error.kind === 'network') {
                showErrors(summary, fields, {}, t('error.networkSave'));
                submit.textContent = t('common.retry');
                submit.disabled = false;
                return;
            }
            const errors = fieldErrors(error);
            showErrors(summary, fields, errors, Object.keys(errors).length ? undefined : errorSentence(error));
        } finally {
            if (submit.textContent === t('common.saving')) {
                submit.textContent = t('common.save');
            }
            submit.disabled = false;
        }
    }},
    summary,
    draft ? h('p', {class: 'draft-note', role: 'status'}, t('patient.draftRestored'), ' ',
        h('button', {type: 'button', class: 'link-button', onclick: () => {
            clearDraft(draftName);
            render(section, id, existing, draftName);
        }}, t('patient.discard'))) : null,
    h('fieldset', {class: 'form-section'},
        h('legend', {}, t('patient.identification')),
        h('div', {class: 'grid-2'}, fields.fullName.row, fields.birthDate.row, fields.sex.row, fields.document.row)),
    duplicates,
    h('fieldset', {class: 'form-section'},
        h('legend', {}, t('patient.contact')),
        h('div', {class: 'grid-2'}, fields.phone.row, fields.secondaryPhone.row, fields.email.row)),
    h('fieldset', {class: 'form-section'},
        h('legend', {}, t('patient.address')),
        h('div', {class: 'grid-2'}, fields['address.line'].row, fields['address.city'].row, fields['address.state'].row,
            fields['address.postalCode'].row)),
    h('fieldset', {class: 'form-section'},
        h('legend', {}, t('patient.consents')),
        Object.values(consents).map(entry => entry.row)),
    h('div', {class: 'form-actions'},
        submit,
        h('button', {type: 'button', class: 'button ghost', onclick: () => {
            clearDraft(draftName);
            history.length > 1 ? history.back() : navigate(id ? `#/patients/${id}` : '#/patients');
        }}, t('common.cancel'))));

    form.addEventListener('input', () => saveDraft(draftName, values()));
    form.addEventListener('change', () => saveDraft(draftName, values()));
    for (const name of ['fullName', 'birthDate', 'document']) {
        fields[name].input.addEventListener('blur', () => !id && checkEarly());
    }
    fields.birthDate.input.addEventListener('blur', () => {
        const date = parseDate(fields.birthDate.input.value);
        if (date) {
            fields.birthDate.input.value = formatDate(date);
        }
    });
    replace(section,
        h('div', {class: 'page-header'},
            h('h1', {}, t(id ? 'patient.title.edit' : 'patient.title.new'))),
        form);
    fields.fullName.input.focus();
}
