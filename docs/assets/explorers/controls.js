// The explorers' controls: labelled sliders and boxes with their value beside them,
// the step-size slider on round values, the live readout, Play and Reset.
import { clamp } from "./plot.js";

export function element(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.append(node);
  return node;
}

let uid = 0;
export function control(parent, label, attrs) {
  const id = `gx-control-${++uid}`;
  const row = element("div", "gx-control", parent);
  const name = element("label", "", row);
  name.htmlFor = id;
  name.textContent = label;
  const input = element("input", "", row);
  Object.assign(input, { id, ...attrs });
  const shown = element("output", "", row);
  shown.htmlFor = id;
  if (input.type === "range") pageKeys(input);
  return { input, shown };
}

// PageUp/PageDown move 10 positions, Home/End to the ends, on every slider.
function pageKeys(input) {
  input.addEventListener("keydown", (event) => {
    const step = +input.step || 1, low = +input.min, high = +input.max;
    const target = { PageUp: +input.value + 10 * step, PageDown: +input.value - 10 * step, Home: low, End: high }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    input.value = String(clamp(target, low, high));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

// Slider positions for eta: round values, about 29 a decade, evenly spread on
// the log scale (steps of 4 to 12 %), so the lecture's, the figures' and the
// pages' suggested values (0.125, 0.25, 0.5, 0.6 ...) are positions of their
// own; any landmark not among them is added.
const MANTISSAS = [1, 1.1, 1.2, 1.25, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 2, 2.2, 2.4, 2.5, 2.7,
                   3, 3.2, 3.5, 3.8, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 9];
function etaGrid(low, high, landmarks) {
  const grid = new Set(landmarks.filter((v) => v >= low && v <= high).concat([low, high]));
  for (let d = Math.floor(Math.log10(low)); d <= Math.ceil(Math.log10(high)); d++)
    for (const m of MANTISSAS) {
      const v = Number((m * Math.pow(10, d)).toPrecision(3));
      if (v >= low && v <= high) grid.add(v);
    }
  return [...grid].sort((a, b) => a - b);
}
export const nearest = (values, v, f = (x) => x) =>
  values.reduce((best, x, i) => (Math.abs(f(x) - f(v)) < Math.abs(f(values[best]) - f(v)) ? i : best), 0);

export function etaSlider(parent, data) {
  const grid = etaGrid(data.eta_range[0], data.eta_range[1], data.landmarks);
  const c = control(parent, "Step size η", { type: "range", min: 0, max: grid.length - 1, step: 1 });
  return { ...c, grid, toValue: (p) => grid[p], toPosition: (v) => nearest(grid, v, Math.log) };
}

export function status(parent) {
  const out = element("p", "gx-status", parent);
  out.setAttribute("role", "status");
  out.setAttribute("aria-live", "polite");
  return out;
}

// Play steps t forward at most 4 a second; never by itself; under reduced
// motion it jumps to the last step. Reset goes back to t = 0.
export function player(parent, root, { get, set, last, done }) {
  const row = element("div", "gx-buttons", parent);
  const play = element("button", "md-button gx-play", row), reset = element("button", "md-button gx-reset", row);
  play.type = reset.type = "button";
  play.textContent = "Play";
  reset.textContent = "Reset";
  let timer = null;
  const stop = () => { clearInterval(timer); timer = null; play.textContent = "Play"; play.setAttribute("aria-pressed", "false"); };
  const tick = () => {
    if (!root.isConnected) return stop();
    set(get() + 1);
    if (get() >= last) { stop(); done(); }
  };
  play.addEventListener("click", () => {
    if (timer !== null) { stop(); return done(); }
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) { set(last); return done(); }
    if (get() >= last) set(0);
    timer = setInterval(tick, 250);
    play.textContent = "Pause";
    play.setAttribute("aria-pressed", "true");
  });
  reset.addEventListener("click", () => { stop(); set(0); done(); });
  stop();
  return { stop, playing: () => timer !== null };
}
