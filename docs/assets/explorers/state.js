// What every explorer shares with its page: the state in the address (untouched on
// load, one history entry per finished change), the look exported by gdfig's style,
// the palette, and the width it is drawn at.
import { clamp } from "./plot.js";

export const query = () => new URLSearchParams(window.location.search);

export function number(text, fallback, low, high) {
  const x = Number.parseFloat(text);
  return Number.isFinite(x) ? clamp(x, low, high) : fallback;
}

// A finished change: one history entry, and none when nothing changed.
export function commit(entries) {
  const next = query();
  for (const [key, val] of Object.entries(entries)) next.set(key, val);
  const here = window.location.pathname + window.location.search + window.location.hash;
  const url = `${window.location.pathname}?${next}${window.location.hash}`;
  if (url !== here) history.pushState(null, "", url);
}

// Back and forward restore what the reader saw; the listener leaves with its page.
export function onHistory(root, restore) {
  const page = window.location.pathname;
  const listener = () => {
    if (!root.isConnected) window.removeEventListener("popstate", listener);
    else if (window.location.pathname === page) restore(query());
  };
  window.addEventListener("popstate", listener);
}

// Colours become CSS custom properties (explorer.css picks the palette's set);
// sizes are CSS px of a plot drawn at the figure's own width.
export function applyLook(root, look) {
  for (const [theme, colours] of Object.entries(look.palettes))
    for (const [name, colour] of Object.entries(colours)) root.style.setProperty(`--gx-${theme}-${name}`, colour);
  for (const [name, px] of Object.entries(look.px)) root.style.setProperty(`--gx-${name}`, `${px}px`);
}

export const isDark = () => document.body.getAttribute("data-md-color-scheme") === "slate";

// Repaint when the reader switches the palette; stop watching when the page goes.
export function watchTheme(root, paint) {
  const observer = new MutationObserver(() => (root.isConnected ? paint() : observer.disconnect()));
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
}

// The width a plot is drawn at, in CSS px: the column's, between NARROWEST and the
// figure's own width (wider columns scale the figure's width up).
const NARROWEST = 240;
export function plotWidth(box, look) {
  const style = getComputedStyle(box);
  const inner = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return Math.round(clamp(inner || look.width_px, NARROWEST, look.width_px));
}

// Calls change(width) when the column's width gives the plot another width.
export function watchWidth(root, look, width, change) {
  let current = width, queued = false;
  const observer = new ResizeObserver(() => {
    if (!root.isConnected) return observer.disconnect();
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      const next = plotWidth(root, look);
      if (next !== current) { current = next; change(next); }
    });
  });
  observer.observe(root);
}

// The look comes from a file: colours must be colours and sizes numbers before
// they become CSS (nothing else, such as url(...), reaches a style).
export function checkLook(look) {
  const colour = /^#[0-9a-fA-F]{6}$/;
  const sound = look && Number.isFinite(look.width_px) && look.width_px >= NARROWEST && look.width_px <= 4000
    && Object.values(look.palettes || {}).every((p) => Object.values(p).every((c) => colour.test(c)))
    && Object.values(look.px || {}).every((v) => Number.isFinite(v) && v >= 0 && v < 100);
  if (!sound) throw new Error("its data's look (colours and sizes) is damaged");
  return look;
}
