// Tiny DOM helpers: every element is built with h(), text always goes in as text (never as HTML), and no
// style attribute is ever written (the node's Content-Security-Policy forbids inline styles).

/**
 * h('button', {class: 'primary', type: 'button', onclick: save}, 'Save')
 * Properties: class, text, dataset (object), on* (listeners), aria-* / data-* / other names as attributes,
 * and DOM properties for value, checked, disabled, hidden, selected.
 */
export function h(tag, props, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name === 'class') {
            element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
        } else if (name === 'text') {
            element.textContent = value;
        } else if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2).toLowerCase(), value);
        } else if (['value', 'checked', 'disabled', 'hidden', 'selected', 'draggable'].includes(name)) {
            element[name] = value;
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

export function append(parent, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return parent;
}

/** Replaces everything inside element with children. */
export function replace(element, ...children) {
    element.replaceChildren();
    return append(element, children);
}

/** A small inline SVG icon from a path; decorative, so hidden from screen readers. */
export function icon(name) {
    const paths = {
        search: 'M10.5 3a7.5 7.5 0 0 1 5.9 12.1l4.2 4.2-1.4 1.4-4.2-4.2A7.5 7.5 0 1 1 10.5 3zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11z',
        plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
        chevronLeft: 'M15.4 5.4 14 4l-8 8 8 8 1.4-1.4L8.8 12z',
        chevronRight: 'M8.6 5.4 10 4l8 8-8 8-1.4-1.4 6.6-6.6z',
        print: 'M7 3h10v4H7zM5 8h14a2 2 0 0 1 2 2v6h-4v4H7v-4H3v-6a2 2 0 0 1 2-2zm4 7v3h6v-3z',
        user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-4 0-8 2-8 5v1h16v-1c0-3-4-5-8-5z',
        logout: 'M10 4h9v16h-9v-2h7V6h-7zm-1.6 4.4L9.8 9.8 8.6 11H15v2H8.6l1.2 1.2-1.4 1.4L4.8 12z',
        check: 'M9.5 16.2 5.3 12l-1.4 1.4 5.6 5.6 11-11-1.4-1.4z',
        warning: 'M12 3 1.5 21h21zm-1 6h2v6h-2zm0 8h2v2h-2z',
        clock: 'M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18zm0 2a7 7 0 1 0 0 14 7 7 0 0 0 0-14zm-1 2h2v5.2l3.6 2.1-1 1.7L11 13.3z',
        close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z',
    };
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.classList.add('icon');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', paths[name]);
    svg.append(path);
    return svg;
}

/** Calls fn after the caller has been quiet for wait ms. */
export function debounce(fn, wait) {
    let timer;
    const debounced = (...args) => {
        clearTimeout(timer);
        timer = setTimeout(() => fn(...args), wait);
    };
    debounced.cancel = () => clearTimeout(timer);
    debounced.now = (...args) => {
        clearTimeout(timer);
        fn(...args);
    };
    return debounced;
}

/** Accent- and case-insensitive form of a name, words separated by one space. */
export function normalizeName(text) {
    return (text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Runs render (which replaces what is inside container) and puts the keyboard focus back on the element
 * with the same data-key, so a live update never throws a user's place away.
 */
export function keepingFocus(container, render) {
    const key = container.contains(document.activeElement) ? document.activeElement.dataset?.key : undefined;
    render();
    if (key) {
        container.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
    }
}
