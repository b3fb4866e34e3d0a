// The map's own keyboard and pointer: arrows/WASD walk, a click walks there or opens the
// person under it, Enter/Space open the nearest person (or the board offered on screen),
// Escape stops. The other controls of the space's chrome are bound here too.

import { $ } from "./ui/dom.js";

const KEYS = {
  ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0],
  KeyW: [0, -1], KeyS: [0, 1], KeyA: [-1, 0], KeyD: [1, 0],
};

export function bindSpaceInput(app) {
  const canvas = app.canvas;
  app.listen(canvas, "keydown", (e) => {
    const dir = KEYS[e.code] || KEYS[e.key];
    if (dir && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      app.held.set(e.code || e.key, dir);
      updateKeys(app);
    } else if (e.key === "Escape") {
      app.walker.goTo([]);
      app.walkTarget = null;
      app.menu.close(false);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      // By a board the offer on screen says what Enter does; elsewhere it is people.
      if (e.key === " " || !(app.boardPrompt.open() || app.hallSign.sign?.enter())) openNearestPerson(app);
    } else if (e.code === "KeyE" && !e.altKey && !e.ctrlKey && !e.metaKey) {
      if (app.boardPrompt.open() || app.hallSign.sign?.enter()) e.preventDefault();
    }
  });
  app.listen(canvas, "keyup", (e) => {
    app.held.delete(e.code || e.key);
    updateKeys(app);
  });
  app.listen(canvas, "blur", () => {
    app.held.clear();
    updateKeys(app);
  });
  app.listen(canvas, "pointerdown", (e) => {
    if (e.button !== 0) return;
    const rect = canvas.getBoundingClientRect();
    const sx = e.clientX - rect.left;
    const sy = e.clientY - rect.top;
    const world = app.renderer.screenToWorld(sx, sy);
    const id = app.renderer.avatarAt(world.x, world.y, app.state.me?.id);
    if (id && app.state.avatars[id]) {
      e.preventDefault();
      app.menu.open(app.state.avatars[id], { x: sx, y: sy });
      return;
    }
    app.menu.close(false);
    app.walkToPoint(world.x, world.y, null);
  });
  app.listen($("#status-select"), "change", (e) => app.setStatus(e.target.value));
  app.listen($("#open-avatar"), "click", () => app.openAvatarBuilder());
  app.listen($("#open-settings"), "click", () => app.settings.open());
  app.listen($("#toggle-list"), "click", () => app.setListOpen($("#stage").classList.contains("list-hidden")));
  app.listen(document, "keydown", (e) => {
    if (e.key === "Escape" && !app.menu.el.hidden) app.menu.close(true);
  });
}

// The keys held now, as one direction for the walker.
function updateKeys(app) {
  let dx = 0;
  let dy = 0;
  for (const [x, y] of app.held.values()) {
    dx += x;
    dy += y;
  }
  dx = Math.sign(dx);
  dy = Math.sign(dy);
  if (dx || dy) app.walkTarget = null;
  app.walker.setKeys(dx, dy);
}

function openNearestPerson(app) {
  const { me, avatars } = app.state;
  if (!me) return;
  let best = null;
  for (const av of Object.values(avatars)) {
    const d = Math.hypot(av.x - app.walker.x, av.y - app.walker.y);
    if (d < 96 && (!best || d < best.d)) best = { av, d };
  }
  if (best) {
    const p = app.renderer.worldToScreen(best.av.x, best.av.y);
    app.menu.open(best.av, p);
  }
}
