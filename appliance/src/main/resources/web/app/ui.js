// Shared pieces of the screens: labelled fields with their error messages, the error summary, notices,
// dialogs, and the patient picker used wherever a patient is chosen.

import {h, replace, icon, debounce} from './dom.js';
import {t, codeMessage, formatDate, formatPhone, formatDocument, age} from './i18n.js';
import {get} from './api.js';

let fieldCounter = 0;

/**
 * A labelled input (or select/textarea via control) with a hint and an error line tied to it by
 * aria-describedby. Returns {row, input, setError(message)}.
 *
 * format 'date' or 'time' puts the separators into what is typed as digits alone (02122026 → 02/12/2026,
 * 0930 → 09:30). An error shown on the field goes as soon as the field is fixed: check(value) says what is still
 * wrong with it (null when nothing); without check, editing the field takes its error away (a server's refusal).
 */
export function field({name, label, type = 'text', value = '', required = false, hint, control, autocomplete,
                          placeholder, inputmode, maxlength, className, format, check}) {
    const id = `f-${name.replace(/[^a-zA-Z0-9]/g, '-')}-${++fieldCounter}`;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const input = control || h('input', {type, value, autocomplete, placeholder, inputmode, maxlength});
    input.id = id;
    input.name = name;
    if (required) {
        input.required = true;
        input.setAttribute('aria-required', 'true');
    }
    const describedBy = [hint ? hintId : null, errorId].filter(Boolean).join(' ');
    input.setAttribute('aria-describedby', describedBy);
    const error = h('p', {class: 'field-error', id: errorId, hidden: true});
    const row = h('div', {class: ['field', className]},
        h('label', {for: id}, label, required ? h('span', {class: 'required', 'aria-hidden': 'true'}, ' *') : null),
        input,
        hint ? h('p', {class: 'field-hint', id: hintId}, hint) : null,
        error);
    const entry = {row, input, label, name, summaryItem: null};
    entry.setError = message => {
        error.textContent = message || '';
        error.hidden = !message;
        row.classList.toggle('invalid', Boolean(message));
        if (message) {
            input.setAttribute('aria-invalid', 'true');
        } else {
            input.removeAttribute('aria-invalid');
            dropSummaryItem(entry);
        }
    };
    if (format) {
        formatAsTyped(input, format);
    }
    const recheck = () => {
        if (row.classList.contains('invalid') && !(check && check(input.value))) {
            entry.setError(null);
        }
    };
    input.addEventListener('input', recheck);
    input.addEventListener('change', recheck);
    return entry;
}

/** Digits alone typed into a date or time field get their separators, as the clinic writes them. */
export function formatAsTyped(input, format) {
    const apply = () => {
        const digits = input.value.trim();
        if (format === 'date' && /^\d{8}$/.test(digits)) {
            input.value = `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
        } else if (format === 'time' && /^\d{4}$/.test(digits)) {
            input.value = `${digits.slice(0, 2)}:${digits.slice(2)}`;
        }
    };
    input.addEventListener('input', apply);
    input.addEventListener('blur', () => {
        // 930 → 09:30 once the desk leaves the field (while typing it may still become 0930).
        if (format === 'time' && /^\d{3}$/.test(input.value.trim())) {
            input.value = `0${input.value.trim().slice(0, 1)}:${input.value.trim().slice(1)}`;
        }
        apply();
    });
}

/** The summary's line about a field goes with the field's error; the summary goes when it has no line left. */
function dropSummaryItem(entry) {
    const item = entry.summaryItem;
    entry.summaryItem = null;
    if (!item || !item.isConnected) {
        return;
    }
    const summary = item.closest('.error-summary');
    const list = item.parentElement;
    item.remove();
    if (summary && list && list.children.length === 0) {
        summary.hidden = true;
        replace(summary);
    }
}

export function select(options, value) {
    return h('select', {}, options.map(([optionValue, text]) =>
        h('option', {value: optionValue, selected: optionValue === value}, text)));
}

/**
 * Shows field errors (map of name → message) on the given fields and a summary with a link to each, and
 * moves focus to the summary so screen readers announce it. Unknown names are listed in the summary only.
 */
export function showErrors(summary, fields, errors, intro) {
    Object.values(fields).forEach(entry => entry.setError(null));
    const names = Object.keys(errors);
    if (names.length === 0 && !intro) {
        summary.hidden = true;
        replace(summary);
        return;
    }
    const items = names.map(name => {
        const entry = fields[name];
        if (entry) {
            entry.setError(errors[name]);
            const item = h('li', {}, h('a', {href: `#${entry.input.id}`, onclick: event => {
                event.preventDefault();
                entry.input.focus();
            }}, `${entry.label}: ${errors[name]}`));
            entry.summaryItem = item;
            return item;
        }
        return h('li', {}, `${name}: ${errors[name]}`);
    });
    const labels = names.map(name => fields[name]?.label || name);
    replace(summary,
        h('p', {class: 'summary-title'}, icon('warning'),
            intro || t('error.fields', {count: names.length, fields: labels.join(', ')})),
        items.length ? h('ul', {}, items) : null);
    summary.hidden = false;
    summary.focus();
}

export function errorSummary() {
    return h('div', {class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true});
}

/** The sentence to show for a failed request that is not about particular fields. */
export function errorSentence(error) {
    if (error.kind === 'network') {
        return t('error.network');
    }
    if (error.status === 403) {
        return t('error.forbidden');
    }
    if (error.status >= 500) {
        return t('error.server');
    }
    // The server's detail is English for API users: the desk says the code's sentence, or a generic one.
    const code = error.code || error.errors?.[0]?.code;
    if (code) {
        return codeMessage(code);
    }
    if (error.status === 404) {
        return t('error.notFound');
    }
    return t('error.refused');
}

/** Server field errors as {field: the sentence for its code in the user's language}. */
export function fieldErrors(error) {
    const errors = {};
    for (const entry of error.errors || []) {
        errors[entry.field] = codeMessage(entry.code);
    }
    return errors;
}

// ---- Notices ---------------------------------------------------------------------------------------------

let noticeArea = null;

export function setNoticeArea(element) {
    noticeArea = element;
}

/** A short message at the bottom of the screen that goes away by itself. */
export function notify(message, kind = 'success') {
    if (!noticeArea) {
        return;
    }
    const notice = h('div', {class: ['notice', kind], role: kind === 'error' ? 'alert' : 'status'},
        icon(kind === 'error' ? 'warning' : 'check'), h('span', {}, message));
    noticeArea.append(notice);
    setTimeout(() => notice.remove(), kind === 'error' ? 8000 : 4000);
}

// ---- Dialogs ---------------------------------------------------------------------------------------------

/**
 * Opens a modal dialog (Esc closes it, focus stays inside, focus returns afterwards).
 * Returns {dialog, body, close}.
 */
export function openDialog(title, {onClose, className} = {}) {
    const previous = document.activeElement;
    const titleId = `dialog-title-${++fieldCounter}`;
    const body = h('div', {class: 'dialog-body'});
    const closeButton = h('button', {type: 'button', class: 'icon-button', 'aria-label': t('common.close')}, icon('close'));
    const dialog = h('dialog', {class: ['dialog', className], 'aria-labelledby': titleId},
        h('header', {class: 'dialog-header'}, h('h2', {id: titleId}, title), closeButton),
        body);
    const close = () => {
        if (dialog.open) {
            dialog.close();
        }
    };
    closeButton.addEventListener('click', close);
    dialog.addEventListener('close', () => {
        dialog.remove();
        onClose?.();
        if (previous && document.contains(previous)) {
            previous.focus();
        }
    });
    document.body.append(dialog);
    dialog.showModal();
    return {dialog, body, close};
}

// ---- Patient picker --------------------------------------------------------------------------------------

/** A search box with results as the user types; calls onPick(patient) when one is chosen. */
export function patientPicker({label, onPick, autofocus = false}) {
    const results = h('ul', {class: 'picker-results', role: 'list'});
    const status = h('p', {class: 'picker-status', role: 'status'});
    const entry = field({name: 'patientSearch', label, type: 'search', autocomplete: 'off',
        placeholder: t('search.placeholder')});
    let sequence = 0;
    const run = debounce(async query => {
        const mine = ++sequence;
        if (!searchable(query)) {
            replace(results);
            status.textContent = query.trim() ? t('search.start') : '';
            return;
        }
        try {
            const found = await get(`/api/patients?q=${encodeURIComponent(query.trim())}&limit=8`);
            if (mine !== sequence) {
                return;
            }
            status.textContent = found.items.length ? '' : t('search.empty', {query: query.trim()});
            replace(results, found.items.map(patient => h('li', {},
                h('button', {type: 'button', class: 'picker-item', onclick: () => onPick(patient)},
                    h('strong', {}, patient.fullName),
                    h('span', {class: 'muted'}, ` · ${formatDate(patient.birthDate)}`,
                        patient.document ? ` · ${formatDocument(patient.document)}` : '',
                        patient.phone ? ` · ${formatPhone(patient.phone)}` : '')))));
        } catch (error) {
            if (mine === sequence) {
                status.textContent = errorSentence(error);
            }
        }
    }, 250);
    entry.input.addEventListener('input', () => run(entry.input.value));
    entry.input.addEventListener('keydown', event => {
        if (event.key === 'Enter') {
            event.preventDefault();
            run.now(entry.input.value);
        } else if (event.key === 'ArrowDown') {
            event.preventDefault();
            results.querySelector('button')?.focus();
        }
    });
    results.addEventListener('keydown', event => moveFocus(event, results, entry.input));
    if (autofocus) {
        queueMicrotask(() => entry.input.focus());
    }
    return h('div', {class: 'picker'}, entry.row, status, results);
}

/** Whether a search text is worth sending: 2 letters of a name, or 3 digits of a number. */
export function searchable(query) {
    const text = (query || '').trim();
    return text.replace(/\d/g, '').replace(/[\s./()+-]/g, '').length >= 2 || text.replace(/\D/g, '').length >= 3;
}

/** Up and Down move between the buttons or links of a result list; Up from the first goes back to input. */
export function moveFocus(event, list, input) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') {
        return;
    }
    const items = [...list.querySelectorAll('a, button')];
    const index = items.indexOf(document.activeElement);
    if (index < 0) {
        return;
    }
    event.preventDefault();
    if (event.key === 'ArrowDown') {
        items[Math.min(index + 1, items.length - 1)].focus();
    } else if (index === 0) {
        input.focus();
    } else {
        items[index - 1].focus();
    }
}

export function patientSummary(patient) {
    return [formatDate(patient.birthDate), t('patient.age', {age: age(patient.birthDate)}),
        patient.document ? formatDocument(patient.document) : null,
        patient.phone ? formatPhone(patient.phone) : null].filter(Boolean).join(' · ');
}
