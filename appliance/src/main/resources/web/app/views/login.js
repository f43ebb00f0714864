import {h, replace} from '../dom.js';
import {t, setLanguage, currentLanguage} from '../i18n.js';
import {post} from '../api.js';
import {loggedIn} from '../main.js';
import {errorSentence} from '../ui.js';

/** The login screen; shows why the previous session ended, if it did. */
export function mount(container, {languages}) {
    const ended = JSON.parse(sessionStorage.getItem('cn.loginMessage') || 'null');
    const render = () => {
        const message = h('div', {class: 'login-message', role: 'alert', 'data-testid': 'login-message', hidden: true});
        const username = h('input', {id: 'login-username', name: 'username', autocomplete: 'username', required: true,
            autocapitalize: 'none', spellcheck: 'false'});
        const password = h('input', {id: 'login-password', name: 'password', type: 'password',
            autocomplete: 'current-password', required: true});
        const submit = h('button', {type: 'submit', class: 'button primary wide'}, t('login.submit'));
        const language = h('select', {id: 'login-language', onchange: () => {
            setLanguage(language.value);
            localStorage.setItem('cn.language', language.value);
            render();
        }}, languages.map(tag => h('option', {value: tag, selected: tag === currentLanguage()}, t(`language.${tag}`))));
        const show = (text, kind = 'error') => {
            message.textContent = text;
            message.className = `login-message ${kind}`;
            message.hidden = false;
        };
        if (ended?.reason === 'expired') {
            show(t('login.expired', {minutes: ended.minutes}), 'warning');
        } else if (ended?.reason === 'revoked') {
            show(t('login.revoked'), 'warning');
        } else if (ended?.reason === 'logout') {
            show(t('login.loggedOut'), 'info');
        }
        const form = h('form', {class: 'login-form', novalidate: true, onsubmit: async event => {
            event.preventDefault();
            if (!username.value.trim() || !password.value) {
                show(t('login.required'));
                (username.value.trim() ? password : username).focus();
                return;
            }
            submit.disabled = true;
            try {
                loggedIn(await post('/api/session', {username: username.value.trim(), password: password.value}));
            } catch (error) {
                submit.disabled = false;
                password.value = '';
                if (error.status === 401) {
                    show(t('login.wrong'));
                } else if (error.status === 429) {
                    show(t('login.throttled', {seconds: error.retryAfter || 60}));
                } else {
                    show(errorSentence(error));
                }
                password.focus();
            }
        }},
        h('div', {class: 'field'}, h('label', {for: 'login-username'}, t('login.username')), username),
        h('div', {class: 'field'}, h('label', {for: 'login-password'}, t('login.password')), password),
        submit);
        replace(container, h('div', {class: 'login-page'},
            h('main', {class: 'login-card'},
                h('div', {class: 'login-brand'}, h('span', {class: 'brand-mark', 'aria-hidden': 'true'}, '+'), 'ClinicNode'),
                h('h1', {}, t('login.title')),
                h('p', {class: 'muted'}, t('login.subtitle')),
                message,
                form,
                h('div', {class: 'field login-language'}, h('label', {for: 'login-language'}, t('login.language')), language))));
        username.focus();
    };
    render();
}
