import {h, replace, icon} from '../dom.js';
import {t, tOr, LANGUAGES, DAYS, formatInstant} from '../i18n.js';
import {get, post, put, patch} from '../api.js';
import {onChange} from '../live.js';
import {field, select, showErrors, errorSummary, errorSentence, fieldErrors, notify, openDialog, patientPicker,
    patientSummary} from '../ui.js';
import {appointmentTypes, holidays, practitionerLinkField, showInside} from './admin-agenda.js';
import {panelAndRooms} from './admin-panel.js';

const ROLES = ['FRONT_DESK', 'PRACTITIONER', 'ADMIN'];
const TABS = ['users', 'practitioners', 'types', 'holidays', 'audit', 'cluster', 'conflicts', 'panel'];
/** How often the cluster tab asks again (members come and go without a change event). */
const CLUSTER_REFRESH_MS = 5000;
const USERNAME = /^[a-z0-9._-]{2,64}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Administration: users and roles, practitioners and their hours, a patient's audit trail, the cluster's nodes,
 * replication conflicts.
 */
export function mount(container, {tab}) {
    const current = TABS.includes(tab) ? tab : 'users';
    const panel = h('div', {class: 'tab-panel', role: 'tabpanel', 'aria-labelledby': `tab-${current}`});
    replace(container, h('section', {class: 'page admin-page'},
        h('div', {class: 'page-header'}, h('h1', {}, t('admin.title'))),
        h('nav', {class: 'tabs', role: 'tablist'}, TABS.map(name => h('a', {id: `tab-${name}`, role: 'tab',
            href: `#/admin/${name}`, 'aria-selected': String(name === current), class: name === current ? 'active' : null},
            t(`admin.${name}`)))),
        panel));
    return {users, practitioners, types: appointmentTypes, holidays, audit, cluster, conflicts, panel: panelAndRooms}[current](panel);
}

// ---- Users -----------------------------------------------------------------------------------------------

function users(panel) {
    const list = h('div', {class: 'card'});
    const load = async () => {
        try {
            const answer = await get('/api/users');
            replace(list, h('table', {class: 'table', 'data-testid': 'users'},
                h('thead', {}, h('tr', {}, [t('admin.users.username'), t('admin.users.displayName'), t('admin.users.roles'),
                    t('admin.users.language'), t('admin.users.active'), ''].map(text => h('th', {scope: 'col'}, text)))),
                h('tbody', {}, answer.items.map(user => h('tr', {class: user.active ? null : 'inactive'},
                    h('td', {}, h('code', {}, user.username)),
                    h('td', {}, user.displayName),
                    h('td', {}, user.roles.map(role => h('span', {class: 'badge'}, t(`role.${role}`)))),
                    h('td', {}, t(`language.${user.language}`)),
                    h('td', {}, user.active ? t('common.yes') : t('common.no')),
                    h('td', {class: 'row-actions'}, h('button', {type: 'button', class: 'button ghost small',
                        onclick: () => userDialog(user, load)}, t('common.edit'))))))));
        } catch (error) {
            replace(list, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };
    replace(panel,
        h('div', {class: 'panel-actions'}, h('button', {type: 'button', class: 'button primary', 'data-action': 'new-user',
            onclick: () => userDialog(null, load)}, icon('plus'), t('admin.users.new'))),
        list);
    load();
    return onChange(['user'], load);
}

function userDialog(user, done) {
    const {body, close} = openDialog(user ? t('admin.users.edit', {username: user.username}) : t('admin.users.new'));
    const fields = {
        username: field({name: 'username', label: t('admin.users.username'), required: !user, value: user?.username || '',
            autocomplete: 'off', maxlength: 64}),
        displayName: field({name: 'displayName', label: t('admin.users.displayName'), required: true,
            value: user?.displayName || '', maxlength: 200}),
        password: field({name: 'password', label: user ? `${t('admin.users.newPassword')} (${t('common.optional')})`
            : t('admin.users.password'), type: 'password', required: !user, autocomplete: 'new-password'}),
        language: field({name: 'language', label: t('admin.users.language'),
            control: select(LANGUAGES.map(tag => [tag, t(`language.${tag}`)]), user?.language || 'pt-BR')}),
    };
    if (user) {
        fields.username.input.disabled = true;
    }
    const roleBoxes = ROLES.map(role => {
        const input = h('input', {type: 'checkbox', id: `role-${role}`, value: role, checked: user ? user.roles.includes(role)
            : role === 'FRONT_DESK'});
        return {role, input, row: h('div', {class: 'check'}, input, h('label', {for: input.id}, t(`role.${role}`)))};
    });
    const rolesError = h('p', {class: 'field-error', hidden: true});
    fields.roles = {label: t('admin.users.roles'), input: roleBoxes[0].input, setError: message => {
        rolesError.textContent = message || '';
        rolesError.hidden = !message;
    }};
    const active = h('input', {type: 'checkbox', id: 'user-active', checked: user ? user.active : true});
    const linkArea = h('div', {class: 'practitioner-link'});
    let linked = null;
    if (user) {
        practitionerLinkField(user).then(entry => {
            linked = entry;
            linkArea.append(entry.row);
        });
    }
    const summary = errorSummary();
    const form = h('form', {novalidate: true, onsubmit: async event => {
        event.preventDefault();
        const roles = roleBoxes.filter(box => box.input.checked).map(box => box.role);
        const errors = {};
        if (!user && !USERNAME.test(fields.username.input.value.trim())) {
            errors.username = t('code.username.format');
        }
        if (!fields.displayName.input.value.trim()) {
            errors.displayName = t('code.required');
        }
        const password = fields.password.input.value;
        if ((!user || password) && password.length < 8) {
            errors.password = t('code.password.too-short');
        }
        if (roles.length === 0) {
            errors.roles = t('code.roles.empty');
        }
        showErrors(summary, fields, errors);
        if (Object.keys(errors).length) {
            return;
        }
        const payload = {displayName: fields.displayName.input.value.trim(), roles, language: fields.language.input.value};
        if (password) {
            payload.password = password;
        }
        try {
            if (user) {
                payload.active = active.checked;
                if (linked && (linked.input.value || null) !== (user.practitionerId || null)) {
                    payload.practitionerId = linked.input.value || null;
                }
                await patch(`/api/users/${encodeURIComponent(user.username)}`, payload);
            } else {
                await post('/api/users', {username: fields.username.input.value.trim(), ...payload});
            }
            notify(t(user ? 'admin.users.updated' : 'admin.users.created'));
            close();
            done();
        } catch (error) {
            const errors = fieldErrors(error);
            showErrors(summary, fields, errors, Object.keys(errors).length ? undefined : errorSentence(error));
        }
    }},
    summary,
    h('div', {class: 'grid-2'}, fields.username.row, fields.displayName.row, fields.password.row, fields.language.row),
    h('fieldset', {class: 'form-section'}, h('legend', {}, t('admin.users.roles')), roleBoxes.map(box => box.row), rolesError),
    user ? h('div', {class: 'check'}, active, h('label', {for: 'user-active'}, t('admin.users.active'))) : null,
    linkArea,
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'button primary'}, t('common.save')),
        h('button', {type: 'button', class: 'button ghost', onclick: close}, t('common.cancel'))));
    body.append(form);
    (user ? fields.displayName : fields.username).input.focus();
}

// ---- Practitioners ---------------------------------------------------------------------------------------

function practitioners(panel) {
    const list = h('div', {class: 'card'});
    /** "Seg–Sex 08:00–12:00, 13:00–18:00 · Sáb 08:00–12:00": runs of days with the same hours together. */
    const hoursText = hours => {
        const perDay = DAYS.map(day => (hours || []).filter(entry => entry.dayOfWeek === day)
            .map(entry => `${entry.start}–${entry.end}`).join(', '));
        const runs = [];
        perDay.forEach((text, index) => {
            const last = runs[runs.length - 1];
            if (text && last && last.text === text && last.to === index - 1) {
                last.to = index;
            } else if (text) {
                runs.push({from: index, to: index, text});
            }
        });
        const day = index => t(`day.${DAYS[index]}`).slice(0, 3);
        return runs.map(run => `${day(run.from)}${run.to > run.from ? `–${day(run.to)}` : ''} ${run.text}`).join(' · ');
    };
    const load = async () => {
        try {
            const answer = await get('/api/practitioners');
            replace(list, answer.items.length === 0 ? h('p', {class: 'muted'}, t('admin.pract.none')) : h('table', {class: 'table',
                'data-testid': 'practitioners'},
            h('thead', {}, h('tr', {}, [t('admin.pract.fullName'), t('admin.pract.specialty'), t('admin.pract.hours'),
                t('admin.pract.active'), ''].map(text => h('th', {scope: 'col'}, text)))),
            h('tbody', {}, answer.items.map(practitioner => h('tr', {class: practitioner.active === false ? 'inactive' : null},
                h('td', {}, practitioner.fullName),
                h('td', {}, practitioner.specialty || ''),
                h('td', {class: 'hours'}, hoursText(practitioner.workingHours)),
                h('td', {}, practitioner.active === false ? t('common.no') : t('common.yes')),
                h('td', {class: 'row-actions'}, h('button', {type: 'button', class: 'button ghost small',
                    onclick: () => practitionerDialog(practitioner, load)}, t('common.edit'))))))));
        } catch (error) {
            replace(list, h('p', {class: 'error-summary', role: 'alert'},
                error.status === 404 ? t('error.notAvailable') : errorSentence(error)));
        }
    };
    replace(panel,
        h('div', {class: 'panel-actions'}, h('button', {type: 'button', class: 'button primary', 'data-action': 'new-practitioner',
            onclick: () => practitionerDialog(null, load)}, icon('plus'), t('admin.pract.new'))),
        list);
    load();
    return onChange(['practitioner'], load);
}

function practitionerDialog(practitioner, done) {
    const {body, close} = openDialog(practitioner ? t('admin.pract.edit', {name: practitioner.fullName}) : t('admin.pract.new'),
        {className: 'wide-dialog'});
    const fields = {
        fullName: field({name: 'fullName', label: t('admin.pract.fullName'), required: true, value: practitioner?.fullName || '',
            maxlength: 200}),
        specialty: field({name: 'specialty', label: `${t('admin.pract.specialty')} (${t('common.optional')})`,
            value: practitioner?.specialty || '', maxlength: 100}),
    };
    const rows = h('tbody', {});
    const hourRows = [];
    const addRow = (entry = {dayOfWeek: 'MONDAY', start: '08:00', end: '18:00'}) => {
        const index = hourRows.length;
        const day = select(DAYS.map(name => [name, t(`day.${name}`)]), entry.dayOfWeek);
        day.setAttribute('aria-label', t('admin.pract.day'));
        const start = h('input', {value: entry.start, maxlength: 5, inputmode: 'numeric', class: 'time-input', 'aria-label': t('admin.pract.start')});
        const end = h('input', {value: entry.end, maxlength: 5, inputmode: 'numeric', class: 'time-input', 'aria-label': t('admin.pract.end')});
        const error = h('span', {class: 'field-error', hidden: true});
        const row = h('tr', {}, h('td', {}, day), h('td', {}, start), h('td', {}, end),
            h('td', {}, h('button', {type: 'button', class: 'button ghost small', onclick: () => {
                row.remove();
                hourRows[index] = null;
            }}, t('admin.pract.removeHours')), error));
        hourRows.push({day, start, end, error});
        rows.append(row);
    };
    const initial = practitioner?.workingHours?.length ? practitioner.workingHours
        : DAYS.slice(0, 5).map(day => ({dayOfWeek: day, start: '08:00', end: '18:00'}));
    initial.forEach(addRow);
    const active = h('input', {type: 'checkbox', id: 'practitioner-active', checked: practitioner ? practitioner.active !== false : true});
    const summary = errorSummary();
    const form = h('form', {novalidate: true, onsubmit: async event => {
        event.preventDefault();
        const errors = {};
        if (!fields.fullName.input.value.trim()) {
            errors.fullName = t('code.required');
        }
        let badHours = false;
        const workingHours = hourRows.filter(Boolean).map(row => {
            const message = !TIME.test(row.start.value) || !TIME.test(row.end.value) ? t('code.time.invalid')
                : row.start.value >= row.end.value ? t('code.hours.end-before-start') : '';
            row.error.textContent = message;
            row.error.hidden = !message;
            badHours ||= Boolean(message);
            return {dayOfWeek: row.day.value, start: row.start.value, end: row.end.value};
        });
        showErrors(summary, fields, errors, badHours && !Object.keys(errors).length ? t('code.hours.end-before-start') : undefined);
        if (Object.keys(errors).length || badHours) {
            return;
        }
        const payload = {fullName: fields.fullName.input.value.trim(), specialty: fields.specialty.input.value.trim() || null,
            workingHours};
        try {
            if (practitioner) {
                const answer = await put(`/api/practitioners/${practitioner.id}`, {...payload, active: active.checked});
                showInside(answer.outsideHours, t('admin.pract.outside.intro'));
            } else {
                await post('/api/practitioners', payload);
            }
            notify(t(practitioner ? 'admin.pract.updated' : 'admin.pract.created'));
            close();
            done();
        } catch (error) {
            const errors = fieldErrors(error);
            showErrors(summary, fields, errors, errors.fullName || errors.specialty ? undefined
                : Object.entries(errors).map(([name, message]) => `${name}: ${message}`).join(' ') || errorSentence(error));
        }
    }},
    summary,
    h('div', {class: 'grid-2'}, fields.fullName.row, fields.specialty.row),
    h('fieldset', {class: 'form-section'}, h('legend', {}, t('admin.pract.hours')),
        h('table', {class: 'table compact'}, h('thead', {}, h('tr', {}, h('th', {}, t('admin.pract.day')),
            h('th', {}, t('admin.pract.start')), h('th', {}, t('admin.pract.end')), h('th', {}, ''))), rows),
        h('button', {type: 'button', class: 'button ghost small', onclick: () => addRow()}, icon('plus'), t('admin.pract.addHours'))),
    practitioner ? h('div', {class: 'check'}, active, h('label', {for: 'practitioner-active'}, t('admin.pract.active'))) : null,
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'button primary'}, t('common.save')),
        h('button', {type: 'button', class: 'button ghost', onclick: close}, t('common.cancel'))));
    body.append(form);
    fields.fullName.input.focus();
}

// ---- Audit trail -----------------------------------------------------------------------------------------

function audit(panel) {
    const result = h('div', {class: 'card', 'data-testid': 'audit'}, h('p', {class: 'muted'}, t('admin.audit.pick')));
    const show = async patient => {
        replace(result, h('p', {class: 'muted'}, t('common.loading')));
        try {
            const answer = await get(`/api/audit?patientId=${encodeURIComponent(patient.id)}`);
            replace(result,
                h('h2', {}, t('admin.audit.for', {patient: patient.fullName})),
                h('p', {class: 'muted'}, patientSummary(patient)),
                answer.items.length === 0 ? h('p', {class: 'muted'}, t('admin.audit.empty')) : h('table', {class: 'table'},
                    h('thead', {}, h('tr', {}, [t('admin.audit.at'), t('admin.audit.user'), t('admin.audit.action'),
                        t('admin.audit.node'), t('admin.audit.detail')].map(text => h('th', {scope: 'col'}, text)))),
                    h('tbody', {}, answer.items.map(entry => h('tr', {},
                        h('td', {class: 'nowrap'}, formatInstant(entry.at)),
                        h('td', {}, entry.user),
                        h('td', {}, h('span', {class: 'badge', title: entry.action}, tOr(`audit.${entry.action}`, entry.action))),
                        h('td', {}, h('code', {}, entry.node)),
                        h('td', {}, entry.detail || ''))))));
        } catch (error) {
            replace(result, h('p', {class: 'error-summary', role: 'alert'},
                error.status === 404 ? t('error.notAvailable') : errorSentence(error)));
        }
    };
    replace(panel, h('div', {class: 'card'}, patientPicker({label: t('admin.audit.search'), onPick: show, autofocus: true})),
        result);
}

// ---- Cluster ---------------------------------------------------------------------------------------------

/**
 * The clinic's nodes as this node sees them (GET /api/cluster): who leads, how far each has applied every origin's
 * events, how far behind the most advanced it is, and its data checksum (equal checksums: identical data).
 */
function cluster(panel) {
    const list = h('div', {class: 'card', 'data-testid': 'cluster'}, h('p', {class: 'muted'}, t('common.loading')));
    const load = async () => {
        try {
            const answer = await get('/api/cluster');
            const sums = new Set(answer.members.filter(member => member.reachable).map(member => member.checksum));
            replace(list,
                h('p', {class: sums.size > 1 ? 'error-summary' : 'muted', 'data-testid': 'cluster-summary'},
                    sums.size > 1 ? t('admin.cluster.differ') : t('admin.cluster.same', {count: answer.members.length})),
                h('table', {class: 'table'},
                    h('thead', {}, h('tr', {}, [t('admin.cluster.node'), t('admin.cluster.role'), t('admin.cluster.journal'),
                        t('admin.cluster.lag'), t('admin.cluster.checksum'), t('admin.cluster.address')]
                        .map(text => h('th', {scope: 'col'}, text)))),
                    h('tbody', {}, answer.members.map(member => h('tr', {class: member.reachable ? null : 'inactive'},
                        h('td', {}, h('code', {}, member.nodeId), member.self ? h('span', {class: 'badge'}, t('admin.cluster.self')) : null),
                        h('td', {}, member.leader ? t('admin.cluster.leader') : t('admin.cluster.member')),
                        h('td', {}, member.reachable
                            ? Object.entries(member.journal).map(([origin, seq]) => h('div', {}, h('code', {}, origin), ` ${seq}`))
                            : t('admin.cluster.unreachable')),
                        h('td', {}, member.reachable ? String(member.lag) : '—'),
                        h('td', {}, member.reachable ? h('code', {title: member.checksum}, member.checksum.slice(0, 12)) : '—'),
                        h('td', {}, member.httpUrl || '—'))))));
        } catch (error) {
            replace(list, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };
    replace(panel, h('p', {class: 'muted'}, t('admin.cluster.intro')), list);
    load();
    const timer = setInterval(load, CLUSTER_REFRESH_MS);
    return () => clearInterval(timer);
}

// ---- Replication conflicts -------------------------------------------------------------------------------

/** What the clinic's nodes could not settle alone after a LAN partition (GET /api/cluster/conflicts). */
function conflicts(panel) {
    const list = h('div', {class: 'card', 'data-testid': 'conflicts'}, h('p', {class: 'muted'}, t('common.loading')));
    const load = async () => {
        try {
            const answer = await get('/api/cluster/conflicts');
            replace(list, answer.items.length === 0 ? h('p', {class: 'muted'}, t('admin.conflicts.none')) : h('table', {class: 'table'},
                h('thead', {}, h('tr', {}, [t('admin.conflicts.at'), t('admin.conflicts.kind'), t('admin.conflicts.what'),
                    t('admin.conflicts.records')].map(text => h('th', {scope: 'col'}, text)))),
                h('tbody', {}, answer.items.map(conflict => h('tr', {class: conflict.open ? 'conflict-open' : null},
                    h('td', {class: 'nowrap'}, formatInstant(conflict.at)),
                    h('td', {}, h('span', {class: 'badge', title: conflict.kind}, tOr(`conflict.${conflict.kind}`, conflict.kind))),
                    h('td', {}, h('p', {}, tOr(`conflict.help.${conflict.kind}`, '')), h('p', {class: 'muted'}, conflict.reason)),
                    h('td', {}, (conflict.records || [conflict.key]).map(id => h('div', {}, h('code', {}, id)))))))));
        } catch (error) {
            replace(list, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };
    replace(panel, h('p', {class: 'muted'}, t('admin.conflicts.intro')), list);
    load();
    return onChange(['appointment', 'patient', 'checkin', 'user'], load);
}
