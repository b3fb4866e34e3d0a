// Display preferences: reduced motion and low stimulus. Remembered in localStorage; until
// a person chooses, reduced motion follows the system's prefers-reduced-motion.

const KEY = "ibasho.display";

function saved() {
  try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch { return {}; }
}

export function systemPrefersReducedMotion() {
  return Boolean(globalThis.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches);
}

export function loadPreferences() {
  const s = saved();
  return {
    reducedMotion: typeof s.reducedMotion === "boolean" ? s.reducedMotion : systemPrefersReducedMotion(),
    lowStimulus: Boolean(s.lowStimulus),
  };
}

export function savePreferences(prefs) {
  try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch { /* not remembered */ }
}

export function applyPreferences(prefs) {
  const root = document.documentElement;
  root.classList.toggle("reduced-motion", prefs.reducedMotion);
  root.classList.toggle("low-stimulus", prefs.lowStimulus);
}
