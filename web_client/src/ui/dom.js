// Tiny DOM helpers. Never sets inline style attributes (the page's CSP forbids them):
// looks come from classes in app.css.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

// Keep one element per key, updating in place, so focus and screen-reader position
// survive updates (rebuilding a list under someone's keyboard focus loses their place).
export function keyedList(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of Array.from(container.children)) {
    if (child.dataset.key !== undefined) existing.set(child.dataset.key, child);
  }
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) existing.delete(key);
    else {
      el = create(item);
      el.dataset.key = key;
    }
    update(el, item);
    const expectedNext = previous ? previous.nextSibling : container.firstChild;
    if (el !== expectedNext) container.insertBefore(el, expectedNext);
    previous = el;
  }
  for (const el of existing.values()) el.remove();
}

// A self-contained panel's own stylesheet, added once per page (panels mount on several).
// Resolves once it has arrived (or failed), for what must not show unstyled even briefly.
export function ensureStylesheet(href, marker) {
  let link = document.querySelector(`link[${marker}]`);
  if (!link) {
    link = h("link", { rel: "stylesheet", href, [marker]: true });
    link.arrived = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
    document.head.append(link);
  }
  return link.arrived || Promise.resolve();
}

// The default way a panel opens its Socket.IO namespace (the browser client from npm, loaded
// only when a panel needs it): `socketOpener("/desk")(options)` resolves to the socket.
export function socketOpener(namespace) {
  return async (options) => {
    const { io } = await import("/vendor/socket.io.esm.min.js");
    return io(namespace, options);
  };
}
