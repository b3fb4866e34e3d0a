// Stamp symbols drawn by code (the server names a shape, never an emoji, so every screen
// shows the same soft picture). 24x24 paths, used by the canvas and by DOM buttons.

const SVG_NS = "http://www.w3.org/2000/svg";

export const SYMBOLS = {
  hand: {
    color: "#e3a86b",
    parts: [
      { d: "M8 13V6.5a1.5 1.5 0 0 1 3 0V12M11 11.5V5a1.5 1.5 0 0 1 3 0v6.5M14 11.5V6a1.5 1.5 0 0 1 3 0v7.5c0 4-2.6 6.5-6 6.5-2.4 0-4-1.3-5.4-3.8L4 13a1.5 1.5 0 0 1 2.6-1.5L8 13.5", stroke: true },
    ],
  },
  check: { color: "#7fae7a", parts: [{ d: "M5 12.5l4.5 4.5L19 7.5", stroke: true, width: 2.6 }] },
  heart: { color: "#e38e9c", parts: [{ d: "M12 20.5s-7.5-4.6-9.4-9.3C1.3 7.8 3.6 4.5 7 4.5c2.1 0 3.8 1.2 5 3 1.2-1.8 2.9-3 5-3 3.4 0 5.7 3.3 4.4 6.7C19.5 15.9 12 20.5 12 20.5z" }] },
  smile: {
    color: "#e6bb55",
    parts: [
      { d: "M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z" },
      { d: "M8 13.5c1 1.7 2.4 2.5 4 2.5s3-.8 4-2.5M9 9.5v.5M15 9.5v.5", stroke: true, color: "#7a5a3a", width: 1.8 },
    ],
  },
  sparkle: {
    color: "#e9b949",
    parts: [
      { d: "M12 2.5l1.9 6.6 6.6 1.9-6.6 1.9L12 19.5l-1.9-6.6L3.5 11l6.6-1.9z" },
      { d: "M19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z" },
    ],
  },
  leaf: {
    color: "#7fb069",
    parts: [
      { d: "M5 19.5C4.5 11 9.5 5 20 4c.5 10-4.5 15.5-15 15.5z" },
      { d: "M5.5 19L14 10.5", stroke: true, color: "#f6f1e4", width: 1.6 },
    ],
  },
  moon: { color: "#9a9cd0", parts: [{ d: "M19.5 14.8A8.3 8.3 0 1 1 9.2 4.5a6.6 6.6 0 0 0 10.3 10.3z" }] },
  star: { color: "#e8b64c", parts: [{ d: "M12 2.8l2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3-4.6-4.4 6.3-.9z" }] },
  cup: {
    color: "#b98a62",
    parts: [
      { d: "M4 10h12v4.5a5 5 0 0 1-5 5H9a5 5 0 0 1-5-5z" },
      { d: "M16 11.5h1.5a2.5 2.5 0 0 1 0 5H16M8 3.5c-.8 1 .8 2 0 3.2M12 3.5c-.8 1 .8 2 0 3.2", stroke: true, width: 1.6 },
    ],
  },
  door: {
    color: "#a98467",
    parts: [
      { d: "M6 3.5h12v17H6z" },
      { d: "M14.8 12.2v.1", stroke: true, color: "#f6e7c8", width: 2.4 },
      { d: "M3.5 20.5h17", stroke: true, width: 1.6 },
    ],
  },
};

export const FALLBACK_SYMBOL = "leaf";

export function symbolOf(name) {
  return SYMBOLS[name] || SYMBOLS[FALLBACK_SYMBOL];
}

// An <svg> for a button; decorative (the button carries the words).
export function iconSvg(name, size = 24) {
  const symbol = symbolOf(name);
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  for (const part of symbol.parts) {
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", part.d);
    const color = part.color || symbol.color;
    if (part.stroke) {
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", color);
      path.setAttribute("stroke-width", String(part.width || 2));
      path.setAttribute("stroke-linecap", "round");
      path.setAttribute("stroke-linejoin", "round");
    } else {
      path.setAttribute("fill", color);
    }
    svg.append(path);
  }
  return svg;
}

const pathCache = new Map();

// Draw a symbol centred at (x, y) with the given size on a 2D canvas context.
export function drawSymbol(ctx, name, x, y, size, muted = false) {
  const symbol = symbolOf(name);
  ctx.save();
  ctx.translate(x - size / 2, y - size / 2);
  ctx.scale(size / 24, size / 24);
  for (const part of symbol.parts) {
    let path = pathCache.get(part.d);
    if (!path) {
      path = new Path2D(part.d);
      pathCache.set(part.d, path);
    }
    const color = muted ? "#9a8f80" : (part.color || symbol.color);
    if (part.stroke) {
      ctx.strokeStyle = color;
      ctx.lineWidth = part.width || 2;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.stroke(path);
    } else {
      ctx.fillStyle = color;
      ctx.fill(path);
    }
  }
  ctx.restore();
}
