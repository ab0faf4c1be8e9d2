// Explorers: move eta, w0, t or n and watch gradient descent change, in the page.
// The losses arrive as expression trees exported by gdfig (gdfig/numerics/expr.py,
// figures/explore_*.json); this file evaluates and differentiates them (forward
// mode) and runs the same update as gdfig.numerics.descent.descend, so the page
// holds no second copy of any formula. The state lives in the URL query.
(function () {
  "use strict";

  // ---- the exported expression trees -------------------------------------------
  // dual(node, w) returns [value, gradient] for w an array of D numbers.
  function dual(node, w) {
    const op = node[0];
    if (op === "const") return [node[1], w.map(() => 0)];
    if (op === "var") return [w[node[1]], w.map((_, i) => (i === node[1] ? 1 : 0))];
    if (op === "pow") {
      const base = dual(node[1], w);
      let result = base;
      for (let k = 1; k < node[2]; k++) result = times(result, base); // as gdfig: repeated products
      return result;
    }
    const [a, da] = dual(node[1], w);
    if (op === "neg") return [-a, da.map((d) => -d)];
    if (op === "cos") return [Math.cos(a), da.map((d) => -Math.sin(a) * d)];
    if (op === "sin") return [Math.sin(a), da.map((d) => Math.cos(a) * d)];
    if (op === "exp") { const e = Math.exp(a); return [e, da.map((d) => e * d)]; }
    const right = dual(node[2], w);
    const [b, db] = right;
    if (op === "+") return [a + b, da.map((d, i) => d + db[i])];
    if (op === "-") return [a - b, da.map((d, i) => d - db[i])];
    if (op === "*") return times([a, da], right);
    if (op === "/") return [a / b, da.map((d, i) => d / b - (a * db[i]) / (b * b))];
    throw new Error(`unknown operation ${op} in an exported loss`);
  }

  function times([a, da], [b, db]) {
    return [a * b, da.map((d, i) => d * b + a * db[i])];
  }

  const value = (tree, w) => dual(tree, w)[0];

  // The update w <- w - eta grad L(w), stopping where gdfig stops: a non-finite
  // iterate, or one farther than `bound` from the origin.
  function descend(tree, w0, eta, steps, bound) {
    const iterates = [w0.slice()];
    let divergedAt = null;
    for (let t = 1; t <= steps; t++) {
      const last = iterates[iterates.length - 1];
      const grad = dual(tree, last)[1];
      const w = last.map((x, i) => x - eta * grad[i]);
      const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
      if (!w.every(Number.isFinite) || norm > bound) { divergedAt = t; break; }
      iterates.push(w);
    }
    return { iterates, values: iterates.map((w) => value(tree, w)), divergedAt };
  }

  // ---- state in the URL ----------------------------------------------------------
  function readQuery() { return new URLSearchParams(window.location.search); }
  function writeQuery(entries) {
    const query = readQuery();
    for (const [key, val] of Object.entries(entries)) query.set(key, val);
    history.replaceState(history.state, "", `${window.location.pathname}?${query}${window.location.hash}`);
  }
  function number(text, fallback, low, high) {
    const x = Number.parseFloat(text);
    return Number.isFinite(x) ? Math.min(high, Math.max(low, x)) : fallback;
  }
  const round = (x, digits) => Number(x.toPrecision(digits));

  // ---- small DOM and SVG helpers ---------------------------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.append(node);
    return node;
  }
  let uid = 0;
  function control(parent, label, attrs) {
    const id = `gdfig-control-${++uid}`;
    const row = document.createElement("div");
    row.className = "gdfig-control";
    const name = document.createElement("label");
    name.htmlFor = id;
    name.textContent = label;
    const input = document.createElement("input");
    Object.assign(input, { id, ...attrs });
    const shown = document.createElement("output");
    shown.htmlFor = id;
    row.append(name, input, shown);
    parent.append(row);
    return { input, shown };
  }
  // A slider over [low, high] on a log scale. Its positions are the distinct
  // 3-digit values of 1000 log-spaced points, plus the lecture's own values, so
  // every key press changes the value and 0.125 or 0.5 can be set exactly.
  function logSlider(parent, label, low, high, landmarks) {
    const points = Array.from({ length: 1000 }, (_, p) => round(low * Math.pow(high / low, p / 999), 3));
    const values = [...new Set([...points, ...landmarks])].sort((a, b) => a - b);
    const c = control(parent, label, { type: "range", min: 0, max: values.length - 1, step: 1 });
    const toValue = (p) => values[p];
    const toPosition = (v) => values.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(values[best] - v) ? i : best), 0);
    return { ...c, toValue, toPosition };
  }
  function status(parent) {
    const out = document.createElement("p");
    out.className = "gdfig-status";
    out.setAttribute("role", "status");
    out.setAttribute("aria-live", "polite");
    parent.append(out);
    return out;
  }
  const scale = (d0, d1, r0, r1) => (x) => r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);
  const sub = (t) => String(t).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);
  const fmt = (x) => (Math.abs(x) >= 1e4 ? x.toExponential(2) : round(x, 4).toString());

  // ---- 1D: eta, w0 and t on the loss of slides 7-8 ---------------------------------
  // The plot: axes, ticks and the loss curve, drawn once; returns what redraw needs.
  function curvePlot(id, data) {
    const [lo, hi] = data.window;
    const W = 640, H = 320, M = 36;
    const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "gdfig-plot", role: "img" });
    const grid = Array.from({ length: 241 }, (_, i) => lo + ((hi - lo) * i) / 240);
    const curve = grid.map((w) => value(data.loss, [w]));
    const X = scale(lo, hi, M, W - 8);
    const Y = scale(Math.min(...curve) - 0.6, Math.max(...curve) + 0.4, H - M, 8);
    svg("clipPath", { id: `${id}-clip` }, plot).append(svg("rect", { x: M, y: 8, width: W - 8 - M, height: H - M - 8 }));
    const layer = svg("g", { "clip-path": `url(#${id}-clip)` }, plot);
    svg("path", { class: "gdfig-axis", d: `M${M},8V${H - M}H${W - 8}` }, plot);
    for (let k = Math.ceil(lo); k <= hi; k++) {
      svg("text", { x: X(k), y: H - M + 16, class: "gdfig-tick" }, plot).textContent = String(k);
    }
    svg("polyline", { class: "gdfig-loss", points: grid.map((w, i) => `${X(w)},${Y(curve[i])}`).join(" ") }, layer);
    const toW = (x) => Math.round(Math.min(hi, Math.max(lo, scale(M, W - 8, lo, hi)(x))) * 100) / 100;
    return { plot, layer, grid, X, Y, W, toW };
  }

  // Pointer down and drag on `plot` call set(x) with x in viewBox units.
  function onDrag(plot, width, set) {
    plot.addEventListener("pointerdown", (event) => {
      const at = (e) => {
        const box = plot.getBoundingClientRect();
        set(((e.clientX - box.left) / box.width) * width);
      };
      at(event);
      plot.setPointerCapture(event.pointerId);
      plot.onpointermove = at;
      plot.onpointerup = () => { plot.onpointermove = null; };
    });
  }

  function curveExplorer(root, data) {
    const [lo, hi] = data.window;
    const query = readQuery();
    const state = {
      eta: number(query.get("eta"), data.start.eta, data.eta_range[0], data.eta_range[1]),
      w0: number(query.get("w0"), data.start.w0, lo, hi),
      t: Math.round(number(query.get("t"), data.start.t, 0, data.steps)),
    };
    const controls = document.createElement("div");
    controls.className = "gdfig-controls";
    const eta = logSlider(controls, "Step size η", data.eta_range[0], data.eta_range[1], [0.125, 0.5]);
    const w0 = control(controls, "Start w₀", { type: "range", min: lo, max: hi, step: 0.01 });
    const t = control(controls, "Step t", { type: "range", min: 0, max: data.steps, step: 1 });
    const { plot, layer, grid, X, Y, W, toW } = curvePlot(root.id, data);
    const parabola = svg("polyline", { class: "gdfig-surrogate" }, layer);
    const dots = svg("g", {}, layer);
    const label = svg("text", { class: "gdfig-iterate-label" }, layer);
    const said = status(root);
    let path = null;

    function redraw() {
      path = descend(data.loss, [state.w0], state.eta, data.steps, data.bound);
      const shown = Math.min(state.t, path.iterates.length - 1);
      const wt = path.iterates[shown][0], lt = path.values[shown];
      const slope = dual(data.loss, [wt])[1][0];
      const surrogate = (w) => lt + slope * (w - wt) + ((w - wt) * (w - wt)) / (2 * state.eta);
      parabola.setAttribute("points", grid.map((w) => `${X(w)},${Y(surrogate(w))}`).join(" "));
      dots.replaceChildren(...path.iterates.slice(0, shown + 1).map((w, k) =>
        svg("circle", { cx: X(w[0]), cy: Y(path.values[k]), r: k === shown ? 6 : 4,
                        class: k === shown ? "gdfig-current" : "gdfig-earlier" })));
      label.setAttribute("x", X(wt));
      label.setAttribute("y", Y(lt) - 12);
      label.textContent = `w${sub(shown)}`;
      const words = describe1d(path, state.t, lo, hi);
      said.textContent = `η = ${state.eta}, w₀ = ${state.w0}, step ${state.t}: ${words}`;
      plot.setAttribute("aria-label", `The loss curve with the parabola at w${sub(shown)} = ${fmt(wt)}; ${words}`);
      eta.input.value = eta.toPosition(state.eta); eta.shown.textContent = String(state.eta);
      w0.input.value = state.w0; w0.shown.textContent = state.w0.toFixed(2);
      t.input.value = state.t; t.shown.textContent = String(state.t);
      writeQuery({ eta: state.eta, w0: state.w0, t: state.t });
    }

    eta.input.addEventListener("input", () => { state.eta = eta.toValue(+eta.input.value); redraw(); });
    w0.input.addEventListener("input", () => { state.w0 = +w0.input.value; redraw(); });
    t.input.addEventListener("input", () => { state.t = +t.input.value; redraw(); });
    onDrag(plot, W, (x) => { state.w0 = toW(x); redraw(); });
    root.replaceChildren(controls, plot, said);
    redraw();
    return { state, redraw, trajectory: () => path };
  }

  function describe1d(path, t, lo, hi) {
    if (path.divergedAt !== null && path.divergedAt <= t) return `diverged after ${path.divergedAt} steps`;
    const w = path.iterates.slice(0, t + 1).map((v) => v[0]);
    const last = w[w.length - 1];
    const where = last < lo || last > hi ? " (outside the window)" : "";
    if (w.length < 2) return `start, ℒ = ${fmt(path.values[0])}`;
    const step = last - w[w.length - 2];
    if (Math.abs(step) < 1e-6) return `converged, ℒ = ${fmt(path.values[t])}${where}`;
    if (w.length > 2 && Math.sign(step) !== Math.sign(w[w.length - 2] - w[w.length - 3]))
      return `oscillating, ℒ = ${fmt(path.values[t])}${where}`;
    return `descending, ℒ = ${fmt(path.values[t])}${where}`;
  }

  // ---- 2D: w0 by a click, eta by a slider, on the loss of slide 9 -------------------
  function planeExplorer(root, data) {
    const [[x0, x1], [y0, y1]] = data.box;
    const query = readQuery();
    const start = (query.get("w0") || "").split(",");
    const state = {
      eta: number(query.get("eta"), data.start.eta, data.eta_range[0], data.eta_range[1]),
      w0: [number(start[0], data.start.w0[0], x0, x1), number(start[1], data.start.w0[1], y0, y1)],
    };
    const controls = document.createElement("div");
    controls.className = "gdfig-controls";
    const eta = logSlider(controls, "Step size η", data.eta_range[0], data.eta_range[1], [0.005, 0.02, 0.038]);
    const wx = control(controls, "Start w₀, first coordinate", { type: "range", min: x0, max: x1, step: 0.01 });
    const wy = control(controls, "Start w₀, second coordinate", { type: "range", min: y0, max: y1, step: 0.01 });
    const S = 400, P = 200;
    const frame = document.createElement("div");
    frame.className = "gdfig-plane";
    const canvas = document.createElement("canvas");
    canvas.width = P; canvas.height = P;
    canvas.setAttribute("aria-hidden", "true");
    const plot = svg("svg", { viewBox: `0 0 ${S} ${S}`, class: "gdfig-plot", role: "img" });
    frame.append(canvas, plot);
    const X = scale(x0, x1, 0, S), Y = scale(y0, y1, S, 0);
    const line = svg("polyline", { class: "gdfig-path" }, plot);
    const first = svg("rect", { class: "gdfig-start", width: 10, height: 10 }, plot);
    const last = svg("circle", { class: "gdfig-end", r: 6 }, plot);
    const said = status(root);
    let path = null;

    function redraw() {
      path = descend(data.loss, state.w0, state.eta, data.steps, data.bound);
      line.setAttribute("points", path.iterates.map((w) => `${X(w[0])},${Y(w[1])}`).join(" "));
      first.setAttribute("x", X(state.w0[0]) - 5); first.setAttribute("y", Y(state.w0[1]) - 5);
      const end = path.iterates[path.iterates.length - 1];
      last.setAttribute("cx", X(end[0])); last.setAttribute("cy", Y(end[1]));
      const words = describe2d(path, x0, x1, y0, y1);
      said.textContent = `η = ${state.eta}, w₀ = (${state.w0.join(", ")}): ${words}`;
      plot.setAttribute("aria-label", `Contour map of the 2D loss with the descent path from (${state.w0.join(", ")}); ${words}`);
      eta.input.value = eta.toPosition(state.eta); eta.shown.textContent = String(state.eta);
      wx.input.value = state.w0[0]; wx.shown.textContent = state.w0[0].toFixed(2);
      wy.input.value = state.w0[1]; wy.shown.textContent = state.w0[1].toFixed(2);
      writeQuery({ eta: state.eta, w0: state.w0.join(",") });
    }

    eta.input.addEventListener("input", () => { state.eta = eta.toValue(+eta.input.value); redraw(); });
    wx.input.addEventListener("input", () => { state.w0 = [+wx.input.value, state.w0[1]]; redraw(); });
    wy.input.addEventListener("input", () => { state.w0 = [state.w0[0], +wy.input.value]; redraw(); });
    plot.addEventListener("click", (event) => {
      const box = plot.getBoundingClientRect();
      const at = (v) => Math.round(v * 100) / 100;
      state.w0 = [at(scale(0, box.width, x0, x1)(event.clientX - box.left)),
                  at(scale(0, box.height, y1, y0)(event.clientY - box.top))];
      redraw();
    });
    const paint = () => paintMap(canvas, data);
    new MutationObserver(paint).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    root.replaceChildren(controls, frame, said);
    paint();
    redraw();
    return { state, redraw, trajectory: () => path };
  }

  // The loss as a colour map with contour lines, in the palette's colormap.
  function paintMap(canvas, data) {
    const [[x0, x1], [y0, y1]] = data.box;
    const P = canvas.width;
    const dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    const colours = data.colormaps[dark ? "dark" : "light"];
    const [low, high] = data.range;
    const level = (v) => Math.max(0, Math.min(colours.length - 1, Math.floor(((v - low) / (high - low)) * colours.length)));
    const band = (v) => Math.floor(((v - low) / (high - low)) * 12);
    const values = [];
    for (let j = 0; j < P; j++) for (let i = 0; i < P; i++)
      values.push(value(data.loss, [x0 + ((i + 0.5) / P) * (x1 - x0), y1 - ((j + 0.5) / P) * (y1 - y0)]));
    const image = canvas.getContext("2d").createImageData(P, P);
    values.forEach((v, k) => {
      const c = colours[level(v)];
      // A contour line where the band changes towards the right or downwards neighbour.
      const edge = (k % P < P - 1 && band(values[k + 1]) !== band(v)) || (k + P < values.length && band(values[k + P]) !== band(v));
      const shade = edge ? 0.55 : 1;
      image.data.set([c[0] * 255 * shade, c[1] * 255 * shade, c[2] * 255 * shade, 255], 4 * k);
    });
    canvas.getContext("2d").putImageData(image, 0, 0);
  }

  function describe2d(path, x0, x1, y0, y1) {
    const n = path.iterates.length - 1;
    if (path.divergedAt !== null) return `left for good after ${path.divergedAt} steps`;
    const [x, y] = path.iterates[n];
    const outside = x < x0 || x > x1 || y < y0 || y > y1 ? ", outside the square" : "";
    let turns = 0;
    for (let k = 2; k <= n; k++) {
      const a = path.iterates[k - 1].map((v, i) => v - path.iterates[k - 2][i]);
      const b = path.iterates[k].map((v, i) => v - path.iterates[k - 1][i]);
      if (a[0] * b[0] + a[1] * b[1] < 0) turns++;
    }
    const moving = Math.hypot(x - path.iterates[n - 1][0], y - path.iterates[n - 1][1]) > 1e-5;
    const kind = turns > n / 4 ? "zig-zagging" : moving ? "still moving" : "converged";
    return `after ${n} steps at (${fmt(x)}, ${fmt(y)}), ℒ = ${fmt(path.values[n])}: ${kind}${outside}`;
  }

  // ---- logistic regression: n from 0 to 10^4, precomputed by gdfig ------------------
  function boundaryExplorer(root, data) {
    const snaps = data.snapshots;
    const query = readQuery();
    const wanted = number(query.get("n"), 100, 0, snaps[snaps.length - 1].n);
    const nearest = snaps.reduce((best, s, i) => (Math.abs(s.n - wanted) < Math.abs(snaps[best].n - wanted) ? i : best), 0);
    const state = { index: nearest, lda: query.get("lda") === "1" };
    const controls = document.createElement("div");
    controls.className = "gdfig-controls";
    const n = control(controls, "Steps n (log scale)", { type: "range", min: 0, max: snaps.length - 1, step: 1 });
    const lda = control(controls, "Show the LDA boundary", { type: "checkbox" });
    const [[x0, x1], [y0, y1]] = data.box;
    const S = 400, H = (S * (y1 - y0)) / (x1 - x0);
    const plot = svg("svg", { viewBox: `0 0 ${S} ${H}`, class: "gdfig-plot", role: "img" });
    const X = scale(x0, x1, 0, S), Y = scale(y0, y1, H, 0);
    svg("rect", { class: "gdfig-frame", x: 0, y: 0, width: S, height: H }, plot);
    data.x.forEach(([a, b], i) => {
      if (data.y[i] > 0) svg("circle", { cx: X(a), cy: Y(b), r: 3.5, class: "gdfig-positive" }, plot);
      else svg("path", { d: `M${X(a) - 3.5},${Y(b) - 3.5}l7,7m0,-7l-7,7`, class: "gdfig-negative" }, plot);
    });
    const line = svg("line", { class: "gdfig-boundary" }, plot);
    const ldaLine = svg("line", { class: "gdfig-lda" }, plot);
    const said = status(root);

    const place = (node, segment) => {
      node.setAttribute("visibility", segment ? "visible" : "hidden");
      if (!segment) return;
      node.setAttribute("x1", X(segment[0][0])); node.setAttribute("y1", Y(segment[0][1]));
      node.setAttribute("x2", X(segment[1][0])); node.setAttribute("y2", Y(segment[1][1]));
    };

    function redraw() {
      const snap = snaps[state.index];
      place(line, snap.segment);
      place(ldaLine, state.lda ? data.lda.segment : null);
      const words = `after n = ${snap.n} steps, ℒ = ${fmt(snap.loss)}, w = (${snap.w.map(fmt).join(", ")}), b = ${fmt(snap.b)}`;
      said.textContent = words + (state.lda ? "; dashed: LDA" : "");
      plot.setAttribute("aria-label", `The two classes and the logistic-regression boundary ${words}`);
      n.input.value = state.index; n.shown.textContent = `n = ${snap.n}`;
      lda.input.checked = state.lda;
      writeQuery({ n: snap.n, lda: state.lda ? 1 : 0 });
    }

    n.input.addEventListener("input", () => { state.index = +n.input.value; redraw(); });
    lda.input.addEventListener("change", () => { state.lda = lda.input.checked; redraw(); });
    root.replaceChildren(controls, plot, said);
    redraw();
    return { state, redraw, snapshot: () => snaps[state.index] };
  }

  // ---- start every explorer of the page ----------------------------------------------
  const KINDS = { explore_curve: curveExplorer, explore_plane: planeExplorer, explore_boundaries: boundaryExplorer };
  window.gdfigExplorers = window.gdfigExplorers || {};

  async function start(root) {
    root.dataset.ready = "loading";
    const response = await fetch(root.dataset.src);
    const data = await response.json();
    window.gdfigExplorers[root.id] = KINDS[root.dataset.kind](root, data);
    root.dataset.ready = "true";
  }

  function startAll() {
    document.querySelectorAll(".gdfig-explorer:not([data-ready])").forEach((root) => {
      start(root).catch((error) => { root.dataset.ready = "failed"; console.error("gdfig explorer:", error); });
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(startAll);
  else document.addEventListener("DOMContentLoaded", startAll);
})();
