// DOM building without HTML strings: every value from the API goes in as text (textContent,
// setAttribute), never through innerHTML, so nothing an address name holds can become markup.

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'multiple', 'open', 'max', 'min']);

/**
 * h('button', {class: 'primary', type: 'button', onclick: fn, dataset: {testid: 'x'}}, 'Text', child, [more])
 * Children: strings and numbers become text nodes; null, undefined and false are skipped; arrays are flattened.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'dataset') {
      for (const [name, data] of Object.entries(value)) if (data != null) el.dataset[name] = String(data);
    } else if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children, keeping keyboard focus on the "same" control when it is rebuilt. */
export function replace(el, ...children) {
  const active = document.activeElement;
  const key = active && el.contains(active) ? active.dataset.focusKey : null;
  el.replaceChildren();
  append(el, children);
  if (key) {
    const again = [...el.querySelectorAll('[data-focus-key]')].find((candidate) => candidate.dataset.focusKey === key);
    if (again) again.focus();
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

let uniqueCounter = 0;
export function uid(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

/**
 * A labelled input with its error element: <div class="field"><label/><input/><p data-error-for/></div>.
 * options: {id, name, label, type, value, hint, testid, attrs, control (an element to use instead of an input)}
 */
export function field({ id, name, label, type = 'text', value, hint, testid, attrs = {}, control }) {
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const input = control || h('input', { type, value: value ?? '', ...attrs });
  input.id = id;
  input.name = name;
  if (testid) input.dataset.testid = testid;
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true, dataset: { errorFor: name, testid: `field-error-${name}` } }));
}

/** A table cell; `label` names the column on narrow screens, where rows are stacked. */
export function td(label, ...children) {
  return h('td', { dataset: { label } }, h('div', { class: 'cell' }, ...children));
}

export function table({ caption, columns, rows, testid, empty = 'Nothing to show.' }) {
  return h('div', { class: 'table-wrap' },
    h('table', { dataset: { testid } },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, rows.length ? rows : h('tr', { class: 'empty' }, h('td', { colspan: columns.length }, empty)))));
}

export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function timeElement(iso) {
  return iso ? h('time', { datetime: iso }, formatTime(iso)) : '—';
}

export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}
