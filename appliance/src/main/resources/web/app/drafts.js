// What the user has typed into a form, kept in this tab's sessionStorage until it is saved or discarded,
// so a lost connection, an expired session or a reload never loses it. Drafts belong to the user who
// typed them: another user logging in on the same tab does not see them.

const PREFIX = 'cn.draft.';

let owner = '';

export function setOwner(username) {
    owner = username || '';
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
        const key = sessionStorage.key(i);
        if (key?.startsWith(PREFIX)) {
            try {
                if (JSON.parse(sessionStorage.getItem(key)).owner !== owner) {
                    sessionStorage.removeItem(key);
                }
            } catch {
                sessionStorage.removeItem(key);
            }
        }
    }
}

export function loadDraft(name) {
    try {
        const stored = JSON.parse(sessionStorage.getItem(PREFIX + name));
        return stored && stored.owner === owner ? stored.values : null;
    } catch {
        return null;
    }
}

export function saveDraft(name, values) {
    sessionStorage.setItem(PREFIX + name, JSON.stringify({owner, values}));
}

export function clearDraft(name) {
    sessionStorage.removeItem(PREFIX + name);
}

/** Drops every draft (on logout: the next person at this desk must not see them). */
export function clearAllDrafts() {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
        const key = sessionStorage.key(i);
        if (key?.startsWith(PREFIX)) {
            sessionStorage.removeItem(key);
        }
    }
}

// ---- Form targets ----------------------------------------------------------------------------------------
// A draft belongs to one form target: an existing record's form (its id is in the draft's name), or one new record
// being typed. Pressing "new" starts a new target, so what was typed for the previous new patient is never restored
// into the next one; a reload, a lost connection or logging in again returns to the same target and its draft.

const TARGET_PREFIX = 'cn.target.';

/** Starts a new, empty target for a form of `kind` (e.g. 'patient.new') and drops the drafts of earlier ones. */
export function newTarget(kind) {
    const target = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
        const key = sessionStorage.key(i);
        if (key?.startsWith(`${PREFIX}${kind}.`)) {
            sessionStorage.removeItem(key);
        }
    }
    sessionStorage.setItem(TARGET_PREFIX + kind, target);
    return target;
}

/** The target a form of `kind` is typing into now (a new one when there is none yet). */
export function currentTarget(kind) {
    return sessionStorage.getItem(TARGET_PREFIX + kind) || newTarget(kind);
}
