// Builds DOM nodes without HTML strings, so that no clinic-supplied text (names, errors, payload keys) is ever
// parsed as markup.

/** h('td', {class: 'num', data: {testid: 'x'}}, 'text', childNode, …) */
export function h(tag, props = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name === 'class') {
            element.className = value;
        } else if (name === 'data') {
            Object.assign(element.dataset, value);
        } else if (name.startsWith('on')) {
            element.addEventListener(name.substring(2), value);
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (the charts are drawn with these). */
export function svg(tag, attributes = {}, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (name === 'class') {
            element.setAttribute('class', value);
        } else if (value !== undefined && value !== null) {
            element.setAttribute(name, String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children.flat()) {
        if (child === undefined || child === null || child === false) {
            continue;
        }
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}
