// Administration, "Painel e consultórios" (issue 11): display tokens for the waiting-room TV and each practitioner's
// usual consultório.

import {h, replace, icon} from '../dom.js';
import {t, formatInstant} from '../i18n.js';
import {get, post, put, del} from '../api.js';
import {onChange} from '../live.js';
import {field, errorSentence, notify} from '../ui.js';

export function panelAndRooms(panel) {
    const tokens = h('div', {class: 'card', 'data-testid': 'display-tokens'});
    const rooms = h('div', {class: 'card', 'data-testid': 'rooms'});
    const created = h('div', {class: 'created-token', role: 'status', hidden: true, 'data-testid': 'created-token'});
    const name = field({name: 'name', label: t('admin.display.name'), maxlength: 100, value: 'TV da recepção'});
    const form = h('form', {class: 'inline-form', novalidate: true, onsubmit: async event => {
        event.preventDefault();
        try {
            const answer = await post('/api/display-tokens', {name: name.input.value.trim()});
            const address = `${location.origin}${answer.panelPath}`;
            replace(created, h('p', {}, t('admin.display.created')),
                h('p', {}, h('a', {href: address, target: '_blank', rel: 'noopener', 'data-testid': 'panel-link'}, address)));
            created.hidden = false;
            loadTokens();
        } catch (error) {
            name.setError(errorSentence(error));
        }
    }}, name.row, h('button', {type: 'submit', class: 'button primary', 'data-action': 'create-display-token'},
        icon('plus'), t('admin.display.create')));

    const loadTokens = async () => {
        try {
            const items = (await get('/api/display-tokens')).items;
            replace(tokens, items.length === 0 ? h('p', {class: 'muted'}, t('admin.display.none')) : h('table', {class: 'table'},
                h('tbody', {}, items.map(token => h('tr', {class: token.revokedAt ? 'inactive' : null},
                    h('td', {}, token.name),
                    h('td', {class: 'muted'}, formatInstant(token.createdAt), ' · ', token.createdBy),
                    h('td', {class: 'row-actions'}, token.revokedAt
                        ? h('span', {class: 'badge'}, t('admin.display.revoked'))
                        : h('button', {type: 'button', class: 'button ghost small', 'data-action': 'revoke', onclick: async () => {
                            try {
                                await del(`/api/display-tokens/${token.id}`);
                            } catch (error) {
                                notify(errorSentence(error), 'error');
                            }
                            loadTokens();
                        }}, t('admin.display.revoke'))))))));
        } catch (error) {
            replace(tokens, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };

    const loadRooms = async () => {
        try {
            const items = (await get('/api/rooms')).items;
            replace(rooms, h('table', {class: 'table'}, h('tbody', {}, items.map(item => {
                const input = h('input', {value: item.room || '', maxlength: 60, placeholder: t('admin.rooms.placeholder'),
                    'aria-label': `${t('admin.rooms.title')} · ${item.practitionerName}`, dataset: {practitioner: item.practitionerId}});
                return h('tr', {},
                    h('td', {}, item.practitionerName),
                    h('td', {}, input),
                    h('td', {class: 'row-actions'}, h('button', {type: 'button', class: 'button secondary small',
                        'data-action': 'save-room', onclick: async () => {
                            try {
                                await put(`/api/rooms/${item.practitionerId}`, {room: input.value.trim() || null});
                                notify(t('admin.rooms.saved'));
                            } catch (error) {
                                notify(errorSentence(error), 'error');
                            }
                        }}, t('admin.rooms.save'))));
            }))));
        } catch (error) {
            replace(rooms, h('p', {class: 'error-summary', role: 'alert'}, errorSentence(error)));
        }
    };

    replace(panel,
        h('h2', {}, t('admin.display.title')), form, created, tokens,
        h('h2', {}, t('admin.rooms.title')), rooms);
    loadTokens();
    loadRooms();
    return onChange(['practitioner'], loadRooms);
}
