// Logistic regression: the boundary after n steps, n from 0 to 10^4, precomputed by gdfig.
import { axes, dotMark, figure, fmt, legend, lineMark, MINUS, note, setAll, svg, tickCount, ticks } from "./plot.js";
import { control, element, nearest, status } from "./controls.js";
import { commit, number, onHistory, plotWidth, query, watchWidth } from "./state.js";

function boundaryFigure(id, data, W) {
  const [[x0, x1], [y0, y1]] = data.box, px = data.style.px;
  const wide = W >= 520; // narrower, the legend leaves the data for a column below the axes
  const width = W - (wide ? 80 : 74), height = (width * (y1 - y0)) / (x1 - x0); // equal aspect, as the figure
  const area = { left: wide ? 64 : 58, top: 34, width, height };
  const below = area.top + height + 64;
  const fig = figure(id, W, wide ? height + 84 : below + 4.5 * px.legend_small + 10, area, data.box);
  axes(fig, ticks(x0, x1, tickCount(width, 90)), ticks(y0, y1, tickCount(height, 90)), "x₁", "x₂");
  const { X, Y } = fig, c = px.cross / 2;
  // As the figure: crosses first, open rings over them (a ring on a cross still shows).
  const cross = (g, x, y) => svg("path", { class: "gx-negative", d: `M${x - c},${y - c}l${2 * c},${2 * c}m0,${-2 * c}l${-2 * c},${2 * c}` }, g);
  data.x.forEach(([a, b], i) => { if (data.y[i] < 0) cross(fig.layer, X(a), Y(b)); });
  data.x.forEach(([a, b], i) => { if (data.y[i] > 0) svg("circle", { cx: X(a), cy: Y(b), r: px.point / 2, class: "gx-positive" }, fig.layer); });
  const parts = { line: svg("line", { class: "gx-boundary" }, fig.layer), lda: svg("line", { class: "gx-lda" }, fig.layer), note: note(fig) };
  const entries = [
    { mark: cross, text: `y = ${MINUS}1` },
    { mark: dotMark("gx-positive", px.point / 2), text: "y = +1" },
    { mark: lineMark("gx-boundary"), text: "logistic" },
    { mark: lineMark("gx-lda"), text: "LDA" }];
  const texts = wide ? legend(fig.over, area.left + 8, area.top + 14, entries, px.legend_small)
                     : legend(fig.over, area.left - 40, below, entries, px.legend_small);
  return { ...fig, ...parts, legendTexts: texts };
}

function place(fig, node, segment) {
  node.setAttribute("visibility", segment ? "visible" : "hidden");
  if (segment) setAll(node, { x1: fig.X(segment[0][0]), y1: fig.Y(segment[0][1]), x2: fig.X(segment[1][0]), y2: fig.Y(segment[1][1]) });
}

export function mount(root, data) {
  const snaps = data.snapshots;
  const parse = (q) => {
    const wanted = number(q.get("n"), 100, 0, snaps[snaps.length - 1].n);
    return { index: nearest(snaps.map((s) => s.n), wanted), lda: q.get("lda") === "1" };
  };
  const state = parse(query());
  const controls = element("div", "gx-controls");
  const n = control(controls, "Steps n (log scale)", { type: "range", min: 0, max: snaps.length - 1, step: 1 });
  const lda = control(controls, "Show the LDA boundary", { type: "checkbox" });
  const said = status(root);
  const save = () => commit({ n: snaps[state.index].n, lda: state.lda ? 1 : 0 });
  let fig = null;

  function redraw() {
    const snap = snaps[state.index];
    place(fig, fig.line, snap.segment);
    place(fig, fig.lda, state.lda ? data.lda.segment : null);
    fig.legendTexts[2].textContent = `logistic, n = ${snap.n}`;
    for (const node of [fig.legendTexts[3], fig.legendTexts[3].previousSibling]) node.setAttribute("visibility", state.lda ? "visible" : "hidden");
    fig.title.textContent = `n = ${snap.n} steps, ℒ = ${snap.loss.toFixed(2)}`;
    fig.note(snap.segment ? "" : "boundary outside the plot");
    const words = `after n = ${snap.n} steps, ℒ = ${fmt(snap.loss)}, w = (${snap.w.map(fmt).join(", ")}), b = ${fmt(snap.b)}`;
    said.textContent = words + (state.lda ? "; dashed: LDA" : "");
    fig.plot.setAttribute("aria-label", `The two classes and the logistic-regression boundary ${words}`);
    n.input.value = state.index; n.shown.textContent = `n = ${snap.n}`;
    lda.input.checked = state.lda;
  }
  const set = (changes) => { Object.assign(state, changes); redraw(); };
  function build(W) {
    const old = fig && fig.plot;
    fig = boundaryFigure(root.id, data, W);
    if (old) { old.replaceWith(fig.plot); redraw(); }
  }

  n.input.addEventListener("input", () => set({ index: +n.input.value }));
  n.input.addEventListener("change", save);
  lda.input.addEventListener("change", () => { set({ lda: lda.input.checked }); save(); });
  onHistory(root, (q) => set(parse(q)));
  const width = plotWidth(root, data.style);
  build(width);
  root.replaceChildren(controls, fig.plot, said);
  redraw();
  watchWidth(root, data.style, width, build);
  return { state, redraw, set, snapshot: () => snaps[state.index] };
}
