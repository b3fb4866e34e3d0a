// Messages that follow the language switch. A status or an error shown once in Japanese
// used to stay Japanese after the person chose English; here each shown message keeps how
// to say it (a function of the current language), and `sayAgain()` re-renders them all.

const shown = new Map(); // element -> () => text

// Show `render()` in `el` (or clear it when `render` is empty). `hide`: also hide an empty el.
export function say(el, render, { hide = false } = {}) {
  if (!render) {
    shown.delete(el);
    el.textContent = "";
  } else {
    shown.set(el, render);
    el.textContent = render();
  }
  if (hide) el.hidden = !render;
}

export function sayAgain() {
  for (const [el, render] of shown) {
    if (el.isConnected) el.textContent = render();
    else shown.delete(el);
  }
}
