// Roving tabindex (WAI-ARIA toolbar pattern): a group of buttons is ONE Tab stop; the arrow
// keys, Home and End move between them. The last button used keeps the stop, so Tab comes
// back to it. Used by the stamp toolbar, which would otherwise cost a Tab per stamp.

const NEXT = new Set(["ArrowRight", "ArrowDown"]);
const PREVIOUS = new Set(["ArrowLeft", "ArrowUp"]);

// Where a key moves the focus from `index` among `count` items (wrapping), or null when the
// key is not one of ours. Pure, so it is tested without a DOM.
export function rovingTarget(key, index, count) {
  if (count <= 0 || index < 0) return null;
  if (NEXT.has(key)) return (index + 1) % count;
  if (PREVIOUS.has(key)) return (index - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

const bound = new WeakSet();

// Makes `container`'s items (matching `selector`) one Tab stop. Safe to call again after the
// items were rebuilt (e.g. on a language change): the listeners are bound once, and the stop
// goes back to the first item.
export function rovingFocus(container, selector) {
  const items = () => [...container.querySelectorAll(selector)];
  const settle = (active) => { for (const item of items()) item.tabIndex = item === active ? 0 : -1; };
  if (!bound.has(container)) {
    bound.add(container);
    container.addEventListener("keydown", (event) => {
      const list = items();
      const index = list.indexOf(event.target.closest(selector));
      const next = rovingTarget(event.key, index, list.length);
      if (next === null) return;
      event.preventDefault();
      settle(list[next]);
      list[next].focus();
    });
    container.addEventListener("focusin", (event) => {
      const item = event.target.closest(selector);
      if (item && container.contains(item)) settle(item);
    });
  }
  settle(items()[0]);
}
