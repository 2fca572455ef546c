// Building the page: every element is made with createElement and every piece of data goes in
// as a text node, never through innerHTML, so nothing a person typed can become markup. The
// Content-Security-Policy forbids inline handlers and style attributes too: handlers are given
// as functions (`on`), looks as classes.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
    return;
  }
  if (child instanceof Node) {
    parent.appendChild(child);
    return;
  }
  parent.appendChild(document.createTextNode(String(child)));
}

function applyAttrs(el, attrs, isSvg) {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'on') {
      for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    } else if (key === 'class') {
      const names = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      if (names) el.setAttribute('class', names);
    } else if (key === 'for') {
      el.setAttribute('for', value);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = v;
    } else if (key === 'style' || key.startsWith('on')) {
      // Refused by the page's CSP anyway; never set them.
      throw new Error(`attribute ${key} is not allowed`);
    } else if (!isSvg && (key === 'value' || key === 'checked' || key === 'disabled' ||
                          key === 'selected' || key === 'hidden')) {
      el[key] = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
}

// h('button', {type: 'button', on: {click: fn}}, '接收')
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs, false);
  append(el, children);
  return el;
}

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs, true);
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

// A definition list from [label, value] pairs; pairs with an empty value are left out.
export function facts(pairs, cls) {
  const dl = h('dl', {class: ['facts', cls]});
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === '') continue;
    dl.appendChild(h('dt', null, label));
    dl.appendChild(h('dd', null, value));
  }
  return dl;
}

// A table from column headings and rows of cells (each a string, a Node or an array of them).
export function table(headings, rows, attrs) {
  const thead = h('thead', null, h('tr', null, headings.map((t) => h('th', {scope: 'col'}, t))));
  const tbody = h('tbody');
  for (const row of rows) {
    if (row instanceof Node) {
      tbody.appendChild(row);
    } else {
      tbody.appendChild(h('tr', null, row.map((cell) => h('td', null, cell))));
    }
  }
  return h('table', Object.assign({class: 'data'}, attrs || {}), thead, tbody);
}

// A link that opens a printable page in a new tab.
export function printLink(href, text, id) {
  return h('a', {href, target: '_blank', rel: 'noopener', class: 'button-link', id}, text);
}

export function empty(text) {
  return h('p', {class: 'empty'}, text);
}

// Clears the field errors inside `container`: their text, and aria-invalid on the controls.
export function clearErrors(container) {
  for (const err of container.querySelectorAll('.field-error')) err.textContent = '';
  for (const c of container.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}
