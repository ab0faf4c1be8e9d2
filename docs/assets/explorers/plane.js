// 2D: the start by a tap, a drag or the arrow keys, eta by a slider, on slide 9's loss.
import { checkTree, descend } from "./expr.js";
import { axes, clamp, figure, fmt, note, scale, setAll, signed, starPath, svg, tickCount, ticks } from "./plot.js";
import { control, element, etaSlider, status } from "./controls.js";
import { commit, isDark, number, onHistory, plotWidth, query, watchTheme, watchWidth } from "./state.js";
import { arrowKeys, onPlot } from "./pointer.js";
import { hexRgb, paintMap, rgba } from "./map.js";

const SIDE_BAR = 520; // px: from this width the colour bar stands beside the map, as in the figure

// The square map at width W, its colour bar beside it (wide) or below it (narrow).
function layout(W) {
  const side = W >= SIDE_BAR;
  const size = side ? W - 200 : W - 78; // narrow: room for the y label at left, half a bar label at right
  const area = { left: side ? 64 : 58, top: 34, width: size, height: size };
  const bottom = area.top + size;
  return { side, area, H: side ? bottom + 56 : bottom + 114 };
}

function planeFigure(id, data, frame, W) {
  const px = data.style.px, { side, area, H } = layout(W);
  const fig = figure(id, W, H, area, data.box);
  // Focusable, and an "application" so that screen readers pass the arrow keys on.
  setAll(fig.plot, { tabindex: "0", role: "application", "aria-roledescription": "map" });
  axes(fig, ticks(data.box[0][0], data.box[0][1], tickCount(area.width, 90)),
       ticks(data.box[1][0], data.box[1][1], tickCount(area.height, 90)), "w₁", "w₂");
  const canvas = element("canvas", "gx-map");
  canvas.setAttribute("aria-hidden", "true");
  const pct = (part, whole) => `${(100 * part) / whole}%`;
  Object.assign(canvas.style, { left: pct(area.left, W), top: pct(area.top, H), width: pct(area.width, W), height: pct(area.height, H) });
  frame.replaceChildren(canvas, fig.plot);
  const defs = svg("defs", {}, fig.plot);
  const dot = svg("marker", { id: `${id}-dot`, markerUnits: "userSpaceOnUse", markerWidth: px.path_dot * 2,
                              markerHeight: px.path_dot * 2, refX: px.path_dot, refY: px.path_dot }, defs);
  svg("circle", { class: "gx-path-dot", cx: px.path_dot, cy: px.path_dot, r: px.path_dot / 2 }, dot);
  const marker = `url(#${id}-dot)`;
  return { ...fig, canvas, px, bar: (side ? sideBar : lowBar)(fig, data),
           line: svg("polyline", { class: "gx-path", "marker-start": marker, "marker-mid": marker, "marker-end": marker }, fig.layer),
           start: svg("rect", { class: "gx-start", width: px.start, height: px.start }, fig.over),
           end: svg("path", { class: "gx-end" }, fig.over),
           label: svg("text", { class: "gx-start-label" }, fig.over),
           note: note(fig) };
}

// The colour bar beside the map, as the figure's; recoloured per theme.
function sideBar(fig, data) {
  const levels = data.maps.light.levels, { area } = fig, x = area.left + area.width + 24, w = 16;
  const Y = scale(levels[0], levels[levels.length - 1], area.top + area.height, area.top);
  const group = svg("g", { class: "gx-colourbar" }, fig.plot);
  const bands = levels.slice(1).map((high, k) => svg("rect", { x, width: w, y: Y(high), height: Y(levels[k]) - Y(high) }, group));
  svg("rect", { class: "gx-axis", x, width: w, y: area.top, height: area.height }, group);
  levels.forEach((v, k) => {
    if (k % 2) return; // every other level: the labels stay apart
    svg("path", { class: "gx-axis", d: `M${x + w},${Y(v)}h5` }, group);
    svg("text", { class: "gx-tick", x: x + w + 8, y: Y(v) + 5 }, group).textContent = levelText(levels, v);
  });
  svg("text", { class: "gx-label", "text-anchor": "middle", // as the figure's colour bar label
                transform: `translate(${x + w + 62},${area.top + area.height / 2}) rotate(-90)` }, group).textContent = "loss ℒ";
  return (map) => bands.forEach((rect, k) => rect.setAttribute("fill", rgba(map.bands[k])));
}

// Narrow: the colour bar lies below the map, as wide as it, labelled every few levels.
function lowBar(fig, data) {
  const levels = data.maps.light.levels, { area } = fig, y = area.top + area.height + 52, h = 14;
  const X = scale(levels[0], levels[levels.length - 1], area.left, area.left + area.width);
  const group = svg("g", { class: "gx-colourbar" }, fig.plot);
  const bands = levels.slice(1).map((high, k) => svg("rect", { y, height: h, x: X(levels[k]), width: X(high) - X(levels[k]) }, group));
  svg("rect", { class: "gx-axis", x: area.left, width: area.width, y, height: h }, group);
  const every = Math.ceil((levels.length * 46) / area.width); // labels about 46 px apart at least
  levels.forEach((v, k) => {
    if (k % every) return;
    svg("path", { class: "gx-axis", d: `M${X(v)},${y + h}v5` }, group);
    svg("text", { class: "gx-tick", x: X(v), y: y + h + 20, "text-anchor": "middle" }, group).textContent = levelText(levels, v);
  });
  svg("text", { class: "gx-label", "text-anchor": "middle", x: area.left + area.width / 2, y: y + h + 42 }, group).textContent = "loss ℒ";
  return (map) => bands.forEach((rect, k) => rect.setAttribute("fill", rgba(map.bands[k])));
}
const levelText = (levels, v) => {
  const digits = Math.max(...levels.map((l) => (String(l).split(".")[1] || "").length)); // 1.20 beside 0.56
  return signed(v.toFixed(digits));
};

function drawPlane(fig, path, data) {
  const { X, Y, px, area } = fig;
  fig.line.setAttribute("points", path.iterates.map((w) => `${X(w[0])},${Y(w[1])}`).join(" "));
  const [sx, sy] = [X(path.iterates[0][0]), Y(path.iterates[0][1])];
  setAll(fig.start, { x: sx - px.start / 2, y: sy - px.start / 2 });
  // The label inside the axes: to the left near the right edge, below near the top.
  const right = sx > area.left + area.width * 0.85, high = sy - px.start * 0.8 - px.start_label < area.top + 2;
  setAll(fig.label, { x: sx + (right ? -1 : 1) * px.start, y: high ? sy + px.start * 0.8 + px.start_label : sy - px.start * 0.8,
                      "text-anchor": right ? "end" : "start" });
  fig.label.textContent = "w₀";
  const end = path.iterates[path.iterates.length - 1];
  const [ex, ey] = [clamp(X(end[0]), area.left, area.left + area.width), clamp(Y(end[1]), area.top, area.top + area.height)];
  fig.end.setAttribute("d", starPath(ex, ey, px.end));
  fig.title.textContent = `η = ${path.eta}, ${path.iterates.length - 1} steps`;
  const left = leftAt(path, data.box);
  fig.note(left === null ? "" : "the path left the square");
  return left;
}

// The first step whose iterate lies outside the box, or null.
function leftAt(path, [[x0, x1], [y0, y1]]) {
  const k = path.iterates.findIndex(([x, y]) => x < x0 || x > x1 || y < y0 || y > y1);
  return k < 0 ? (path.divergedAt === null ? null : path.divergedAt) : k;
}

function planeState(data, q) {
  const [[x0, x1], [y0, y1]] = data.box, s = data.start;
  const start = (q.get("w0") || "").split(",");
  return { eta: number(q.get("eta"), s.eta, data.eta_range[0], data.eta_range[1]),
           w0: [number(start[0], s.w0[0], x0, x1), number(start[1], s.w0[1], y0, y1)] };
}

function describe2d(path, left) {
  const n = path.iterates.length - 1;
  const away = left === null ? "" : `; left the square at step ${left}`;
  if (path.divergedAt !== null) return `left for good after ${path.divergedAt} steps${away}`;
  const [x, y] = path.iterates[n];
  let turns = 0;
  for (let k = 2; k <= n; k++) {
    const a = path.iterates[k - 1].map((v, i) => v - path.iterates[k - 2][i]);
    const b = path.iterates[k].map((v, i) => v - path.iterates[k - 1][i]);
    if (a[0] * b[0] + a[1] * b[1] < 0) turns++;
  }
  const moving = n > 0 && Math.hypot(x - path.iterates[n - 1][0], y - path.iterates[n - 1][1]) > 1e-5;
  const kind = turns > n / 4 ? "zig-zagging" : moving ? "still moving" : "converged";
  return `after ${n} steps at (${fmt(x)}, ${fmt(y)}), ℒ = ${fmt(path.values[n])}: ${kind}${away}`;
}

export function mount(root, data) {
  checkTree(data.loss, 2);
  const [[x0, x1], [y0, y1]] = data.box;
  const state = planeState(data, query());
  const controls = element("div", "gx-controls");
  const eta = etaSlider(controls, data);
  const wx = control(controls, "Start w₀, first coordinate", { type: "range", min: x0, max: x1, step: 0.01 });
  const wy = control(controls, "Start w₀, second coordinate", { type: "range", min: y0, max: y1, step: 0.01 });
  const frame = element("div", "gx-frame");
  const said = status(root);
  const save = () => commit({ eta: state.eta, w0: state.w0.join(",") });
  const api = { state, timings: { map: [] }, trajectory: () => path };
  let path = null, fig = null;

  function redraw() {
    path = { ...descend(data.loss, state.w0, state.eta, data.steps, data.bound), eta: state.eta };
    const left = drawPlane(fig, path, data);
    const words = describe2d(path, left), at = state.w0.map(fmt).join(", ");
    said.textContent = `η = ${state.eta}, w₀ = (${at}): ${words}`;
    fig.plot.setAttribute("aria-label", `Contour map of the 2D loss with the descent path from (${at}); arrow keys move the start. ${words}`);
    eta.input.value = eta.toPosition(state.eta); eta.shown.textContent = String(state.eta);
    wx.input.value = state.w0[0]; wx.shown.textContent = fmt(state.w0[0]);
    wy.input.value = state.w0[1]; wy.shown.textContent = fmt(state.w0[1]);
  }
  const set = (changes) => { Object.assign(state, changes); redraw(); };
  const at = (v, low, high) => Math.round(clamp(v, low, high) * 100) / 100;
  const paint = () => {
    const theme = isDark() ? "dark" : "light";
    fig.bar(data.maps[theme]);
    api.timings.map.push(paintMap(fig.canvas, data, data.maps[theme], hexRgb(data.style.palettes[theme].ink)));
  };

  // The plot, built for a width; rebuilt (and the map repainted) when the column's width changes.
  function build(W) {
    const rebuilt = fig !== null;
    fig = planeFigure(root.id, data, frame, W);
    const toX = scale(fig.area.left, fig.area.left + fig.area.width, x0, x1);
    const toY = scale(fig.area.top + fig.area.height, fig.area.top, y0, y1);
    onPlot(fig, {
      marker: () => [fig.X(state.w0[0]), fig.Y(state.w0[1])],
      set: (x, y) => set({ w0: [at(toX(x), x0, x1), at(toY(y), y0, y1)] }),
      save, snapshot: () => ({ eta: state.eta, w0: state.w0.slice() }), restore: (before) => set(before),
    });
    arrowKeys(fig.plot, () => state.w0, data.box, (w0) => { set({ w0 }); save(); });
    if (rebuilt) { redraw(); paint(); }
  }

  eta.input.addEventListener("input", () => set({ eta: eta.toValue(+eta.input.value) }));
  wx.input.addEventListener("input", () => set({ w0: [+wx.input.value, state.w0[1]] }));
  wy.input.addEventListener("input", () => set({ w0: [state.w0[0], +wy.input.value] }));
  for (const c of [eta, wx, wy]) c.input.addEventListener("change", save);
  onHistory(root, (q) => set(planeState(data, q)));
  const width = plotWidth(root, data.style);
  build(width);
  root.replaceChildren(controls, frame, said);
  watchTheme(root, paint);
  paint();
  redraw();
  watchWidth(root, data.style, width, build);
  return Object.assign(api, { redraw, set, paint });
}
