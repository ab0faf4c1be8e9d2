// 1D: eta, w0 and t on the loss of slides 7-8, with the surrogate parabola at w_t.
import { checkTree, descend, dual, value } from "./expr.js";
import { axes, clamp, dotMark, figure, fmt, legend, lineMark, note, scale, setAll, sub, svg, tickCount, ticks } from "./plot.js";
import { control, element, etaSlider, player, status } from "./controls.js";
import { commit, number, onHistory, plotWidth, query, watchWidth } from "./state.js";
import { onPlot } from "./pointer.js";

const ROW_LEGEND = 600; // px: from this width the legend is one row below the axes, as in the figure

// The plot at width W: the figure's proportions; narrower, the legend stacks below.
function layout(W, px) {
  const wide = W >= ROW_LEGEND;
  const area = { left: wide ? 64 : 58, top: 34, width: W - (wide ? 80 : 70), height: 262 };
  const legendTop = area.top + area.height + 64;
  return { area, wide, H: wide ? 380 : legendTop + 2 * 1.5 * px.legend + 10, legendTop };
}

function curveFigure(id, data, W) {
  const [lo, hi] = data.window, px = data.style.px;
  const grid = Array.from({ length: 301 }, (_, i) => lo + ((hi - lo) * i) / 300);
  const curve = grid.map((w) => value(data.loss, [w]));
  const yRange = [Math.min(...curve) - 0.6, Math.max(...curve) + 0.4]; // as the figure
  const { area, wide, H, legendTop } = layout(W, px);
  const fig = figure(id, W, H, area, [data.window, yRange]);
  axes(fig, ticks(lo, hi, tickCount(area.width)), ticks(yRange[0], yRange[1], 9), "w", "ℒ");
  svg("polyline", { class: "gx-loss", points: grid.map((w, i) => `${fig.X(w)},${fig.Y(curve[i])}`).join(" ") }, fig.layer);
  const parts = {
    parabola: svg("polyline", { class: "gx-surrogate" }, fig.layer),
    dots: svg("g", {}, fig.layer),
    next: svg("circle", { class: "gx-next", r: px.current / 2 }, fig.layer),
    label: svg("text", { class: "gx-iterate-label", "dominant-baseline": "hanging" }, fig.layer),
    edge: svg("g", { class: "gx-edge" }, fig.over),
    note: note(fig),
  };
  const entries = [
    { mark: lineMark("gx-loss"), text: "loss ℒ" },
    { mark: lineMark("gx-surrogate"), text: "surrogate at w₀" },
    { mark: dotMark("gx-next", px.current / 2), text: "its minimum, the next iterate" }];
  // As the figure: one row below the axes, where no curve runs through it.
  const widths = [110, 200, 230], left = wide ? W / 2 - widths.reduce((a, b) => a + b) / 2 : area.left - 40;
  parts.legendTexts = wide ? legend(fig.over, left, 364, entries, px.legend, widths)
                           : legend(fig.over, left, legendTop, entries, px.legend);
  return { ...fig, ...parts, grid, yRange, px, loss: data.loss };
}

// Where a point outside the plot meets its edge, and which way is out.
function edgePoint(fig, x, y) {
  const { left, top, width, height } = fig.area;
  const at = [clamp(x, left, left + width), clamp(y, top, top + height)];
  const dir = x > left + width ? [1, 0] : x < left ? [-1, 0] : y < top ? [0, -1] : [0, 1];
  return { at, dir };
}

// A triangle at the plot's edge pointing outward, with the iterate's value.
function drawEdge(group, fig, x, y, words, size) {
  const { at: [ex, ey], dir: [dx, dy] } = edgePoint(fig, x, y);
  const tip = [ex, ey], back = [ex - dx * size, ey - dy * size];
  const side = [dy * size * 0.6, dx * size * 0.6];
  svg("path", { class: "gx-edge-mark", d: `M${tip}L${back[0] + side[0]},${back[1] + side[1]}L${back[0] - side[0]},${back[1] - side[1]}Z` }, group);
  const text = svg("text", { class: "gx-edge-text", x: ex - dx * (size + 4), y: ey - dy * (size + 8) + 5,
                             "text-anchor": dx > 0 ? "end" : dx < 0 ? "start" : "middle" }, group);
  text.textContent = words;
}

// Which shown iterates lie outside the plotted window, and when the first left.
function outside(fig, ws, values) {
  const out = ws.map((w, k) => {
    const x = fig.X(w), y = fig.Y(values[k]), a = fig.area;
    return x < a.left || x > a.left + a.width || y < a.top || y > a.top + a.height;
  });
  return { count: out.filter(Boolean).length, first: out.indexOf(true), last: out.lastIndexOf(true) };
}

function drawCurve(fig, path, t, eta) {
  const { X, Y, px } = fig;
  const shown = Math.min(t, path.iterates.length - 1);
  const ws = path.iterates.slice(0, shown + 1).map((w) => w[0]), vs = path.values.slice(0, shown + 1);
  const wt = ws[shown], lt = vs[shown], slope = dual(fig.loss, [wt])[1][0];
  const surrogate = (w) => lt + slope * (w - wt) + ((w - wt) * (w - wt)) / (2 * eta);
  fig.parabola.setAttribute("points", fig.grid.map((w) => `${X(w)},${Y(surrogate(w))}`).join(" "));
  const next = wt - eta * slope;
  setAll(fig.next, { cx: X(next), cy: Y(surrogate(next)) });
  fig.dots.replaceChildren(...ws.map((w, k) => svg("circle", {
    cx: X(w), cy: Y(vs[k]), r: (k === shown ? px.current : px.iterate) / 2, class: k === shown ? "gx-current" : "gx-earlier" })));
  // As the figure: the label below the point, on its uphill side (away from the step).
  const side = next > wt ? -1 : 1, offset = 9 * (px.font / 10);
  setAll(fig.label, { x: X(wt) + side * offset, y: Y(lt) + offset, "text-anchor": side > 0 ? "start" : "end" });
  fig.label.textContent = `w${sub(shown)}`;
  fig.legendTexts[1].textContent = `surrogate ℒ̃ at w${sub(shown)}`;
  fig.title.textContent = `η = ${eta}, step t = ${t}`;
  const away = outside(fig, ws, vs);
  fig.edge.replaceChildren();
  if (away.last >= 0)
    drawEdge(fig.edge, fig, X(ws[away.last]), Y(vs[away.last]), `w${sub(away.last)} = ${fmt(ws[away.last])}`, px.current * 1.4);
  const diverged = path.divergedAt !== null && path.divergedAt <= t;
  const count = away.count ? `${away.count} outside the window` : "";
  fig.note(diverged ? `diverged after ${path.divergedAt} steps; ${count}` : count);
  return { shown, away, diverged };
}

function curveState(data, q) {
  const [lo, hi] = data.window, s = data.start;
  return {
    eta: number(q.get("eta"), s.eta, data.eta_range[0], data.eta_range[1]),
    w0: number(q.get("w0"), s.w0, lo, hi),
    t: Math.round(number(q.get("t"), s.t, 0, data.steps)),
  };
}

function describe1d(path, t, drawn) {
  const left = drawn.away.first >= 0 ? `; left the window at step ${drawn.away.first}, ${drawn.away.count} outside` : "";
  if (drawn.diverged) return `diverged after ${path.divergedAt} steps${left}`;
  const w = path.iterates.slice(0, drawn.shown + 1).map((v) => v[0]);
  const last = w[w.length - 1], loss = `ℒ = ${fmt(path.values[drawn.shown])}`;
  if (w.length < 2) return `start, ${loss}${left}`;
  const step = last - w[w.length - 2];
  if (Math.abs(step) < 1e-6) return `converged, ${loss}${left}`;
  if (w.length > 2 && Math.sign(step) !== Math.sign(w[w.length - 2] - w[w.length - 3])) return `oscillating, ${loss}${left}`;
  return `descending, ${loss}${left}`;
}

export function mount(root, data) {
  checkTree(data.loss, 1);
  const [lo, hi] = data.window;
  const state = curveState(data, query());
  const controls = element("div", "gx-controls");
  const eta = etaSlider(controls, data);
  const w0 = control(controls, "Start w₀", { type: "range", min: lo, max: hi, step: 0.01 });
  const t = control(controls, "Step t", { type: "range", min: 0, max: data.steps, step: 1 });
  const said = status(root);
  const save = () => commit({ eta: state.eta, w0: state.w0, t: state.t });
  let path = null, fig = null;

  function redraw() {
    path = descend(data.loss, [state.w0], state.eta, data.steps, data.bound);
    const drawn = drawCurve(fig, path, state.t, state.eta);
    const words = describe1d(path, state.t, drawn);
    said.textContent = `η = ${state.eta}, w₀ = ${fmt(state.w0)}, step ${state.t}: ${words}`;
    fig.plot.setAttribute("aria-label", `The loss curve ℒ(w) with the surrogate parabola at w${sub(drawn.shown)}; ${words}`);
    eta.input.value = eta.toPosition(state.eta); eta.shown.textContent = String(state.eta);
    w0.input.value = state.w0; w0.shown.textContent = fmt(state.w0);
    t.input.value = state.t; t.shown.textContent = String(state.t);
  }
  const set = (changes) => { Object.assign(state, changes); redraw(); };
  const play = player(controls, root, { get: () => state.t, set: (v) => set({ t: v }), last: data.steps, done: save });

  // The plot, built for a width; rebuilt when the column's width changes.
  function build(W) {
    const old = fig && fig.plot;
    fig = curveFigure(root.id, data, W);
    const toW = scale(fig.area.left, fig.area.left + fig.area.width, lo, hi);
    onPlot(fig, {
      marker: () => [fig.X(state.w0), fig.Y(value(data.loss, [state.w0]))],
      set: (x) => set({ w0: Math.round(clamp(toW(x), lo, hi) * 100) / 100 }),
      save, snapshot: () => ({ ...state }), restore: (before) => set(before),
    });
    if (old) { old.replaceWith(fig.plot); redraw(); }
  }

  eta.input.addEventListener("input", () => set({ eta: eta.toValue(+eta.input.value) }));
  w0.input.addEventListener("input", () => set({ w0: +w0.input.value }));
  t.input.addEventListener("input", () => { play.stop(); set({ t: +t.input.value }); });
  for (const c of [eta, w0, t]) c.input.addEventListener("change", save);
  onHistory(root, (q) => { play.stop(); set(curveState(data, q)); });
  const width = plotWidth(root, data.style);
  build(width);
  root.replaceChildren(controls, fig.plot, said);
  redraw();
  watchWidth(root, data.style, width, build);
  return { state, redraw, set, player: play, trajectory: () => path };
}
