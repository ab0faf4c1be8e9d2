// Explorers: move eta, w0, t or n and watch gradient descent change, in the page.
// The losses arrive as expression trees exported by gdfig (gdfig/numerics/expr.py,
// figures/explore_*.json); this file evaluates and differentiates them (forward
// mode) and runs the same update as gdfig.numerics.descent.descend, so the page
// holds no second copy of any formula. The look (colours, sizes) and the lecture's
// settings come from the same exports (gdfig.style.export()), so at the lecture's
// settings an explorer reads like its static figure. The state lives in the
// address: untouched on load, one history entry per finished change.
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

  // Values only, at many points: the tree compiled once into one JavaScript
  // function of (w0, w1), so the 2D map's ~50,000 samples take a few ms (walking
  // the tree per point took 100 ms). Powers are repeated products, as in gdfig.
  function compiled(tree) {
    const js = (node) => {
      const [op, a, b] = node;
      if (op === "const") return `(${a})`;
      if (op === "var") return `w${a}`;
      if (op === "pow") return `pow(${js(a)}, ${b})`;
      if (op === "neg") return `(-${js(a)})`;
      if (op === "cos" || op === "sin" || op === "exp") return `Math.${op}(${js(a)})`;
      if ("+-*/".includes(op) && op.length === 1) return `(${js(a)} ${op} ${js(b)})`;
      throw new Error(`unknown operation ${op} in an exported loss`);
    };
    const pow = (x, n) => { let r = x; for (let k = 1; k < n; k++) r *= x; return r; };
    try {
      return new Function("pow", "w0", "w1", `"use strict"; return ${js(tree)};`).bind(null, pow);
    } catch (error) { // a Content-Security-Policy without 'unsafe-eval': slower, the same numbers
      return (w0, w1) => value(tree, [w0, w1]);
    }
  }

  // The update w <- w - eta grad L(w), stopping where gdfig stops: a non-finite
  // iterate, or one farther than `bound` from the origin.
  // One walk of the tree per iterate gives both its value and the step's gradient.
  function descend(tree, w0, eta, steps, bound) {
    const iterates = [w0.slice()], values = [];
    let divergedAt = null;
    for (let t = 1; t <= steps; t++) {
      const last = iterates[iterates.length - 1];
      const [loss, grad] = dual(tree, last);
      values.push(loss);
      const w = last.map((x, i) => x - eta * grad[i]);
      const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
      if (!w.every(Number.isFinite) || norm > bound) { divergedAt = t; break; }
      iterates.push(w);
    }
    if (values.length < iterates.length) values.push(value(tree, iterates[iterates.length - 1]));
    return { iterates, values, divergedAt };
  }

  // ---- numbers as text: true minus signs, subscripts ------------------------------
  const MINUS = "\u2212";
  const signed = (text) => text.replace(/^-/, MINUS).replace("e-", `e${MINUS}`);
  const round = (x, digits) => Number(x.toPrecision(digits));
  const fmt = (x) => signed(Math.abs(x) >= 1e4 ? x.toExponential(2) : String(round(x, 4)));
  const sub = (t) => String(t).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);
  const clamp = (x, low, high) => Math.min(high, Math.max(low, x));

  // Ticks at 1, 2 or 5 times a power of ten, about `count` of them over [lo, hi],
  // as [value, text] with as many decimals as the step needs (0.0, 0.5, 1.0 ...).
  function ticks(lo, hi, count) {
    const rough = (hi - lo) / count, power = Math.pow(10, Math.floor(Math.log10(rough)));
    const step = power * [1, 2, 5, 10].find((m) => m * power >= rough);
    const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    const out = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) {
      const v = Number((k * step).toFixed(digits));
      out.push([v, signed((v === 0 ? 0 : v).toFixed(digits))]);
    }
    return out;
  }

  // ---- the state in the address ------------------------------------------------------
  const query = () => new URLSearchParams(window.location.search);
  function number(text, fallback, low, high) {
    const x = Number.parseFloat(text);
    return Number.isFinite(x) ? clamp(x, low, high) : fallback;
  }
  // A finished change: one history entry, and none when nothing changed.
  function commit(entries) {
    const next = query();
    for (const [key, val] of Object.entries(entries)) next.set(key, val);
    const url = `${window.location.pathname}?${next}${window.location.hash}`;
    if (url !== window.location.pathname + window.location.search + window.location.hash) history.pushState(null, "", url);
  }
  // Back and forward restore what the reader saw; the listener leaves with its page.
  function onHistory(root, restore) {
    const page = window.location.pathname;
    const listener = () => {
      if (!root.isConnected) window.removeEventListener("popstate", listener);
      else if (window.location.pathname === page) restore(query());
    };
    window.addEventListener("popstate", listener);
  }

  // ---- the figures' look, from gdfig's style -----------------------------------------
  // Colours become CSS custom properties (explorer.css picks the palette's set);
  // sizes are CSS px of a plot drawn at the figure's own width.
  function applyLook(root, look) {
    for (const [theme, colours] of Object.entries(look.palettes))
      for (const [name, colour] of Object.entries(colours)) root.style.setProperty(`--gx-${theme}-${name}`, colour);
    for (const [name, px] of Object.entries(look.px)) root.style.setProperty(`--gx-${name}`, `${px}px`);
  }
  const isDark = () => document.body.getAttribute("data-md-color-scheme") === "slate";

  // ---- small DOM helpers ----------------------------------------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.append(node);
    return node;
  }
  function element(tag, className, parent) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.append(node);
    return node;
  }
  let uid = 0;
  function control(parent, label, attrs) {
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
  const nearest = (values, v, f = (x) => x) =>
    values.reduce((best, x, i) => (Math.abs(f(x) - f(v)) < Math.abs(f(values[best]) - f(v)) ? i : best), 0);
  function etaSlider(parent, data) {
    const grid = etaGrid(data.eta_range[0], data.eta_range[1], data.landmarks);
    const c = control(parent, "Step size η", { type: "range", min: 0, max: grid.length - 1, step: 1 });
    return { ...c, grid, toValue: (p) => grid[p], toPosition: (v) => nearest(grid, v, Math.log) };
  }
  function status(parent) {
    const out = element("p", "gx-status", parent);
    out.setAttribute("role", "status");
    out.setAttribute("aria-live", "polite");
    return out;
  }

  // Play steps t forward at most 4 a second; never by itself; under reduced
  // motion it jumps to the last step. Reset goes back to t = 0.
  function player(parent, root, { get, set, last, done }) {
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

  // ---- a plot in the figure's own proportions: frame, ticks, labels, legend -------------
  const scale = (d0, d1, r0, r1) => (x) => r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);

  // area: {left, top, width, height} in viewBox px; domain: [[x0, x1], [y0, y1]].
  function figure(id, look, height, area, domain) {
    const W = look.width_px;
    const plot = svg("svg", { viewBox: `0 0 ${W} ${height}`, class: "gx-plot", role: "img" });
    const X = scale(domain[0][0], domain[0][1], area.left, area.left + area.width);
    const Y = scale(domain[1][0], domain[1][1], area.top + area.height, area.top);
    const clip = svg("clipPath", { id: `${id}-clip` }, plot);
    svg("rect", { x: area.left, y: area.top, width: area.width, height: area.height }, clip);
    const title = svg("text", { class: "gx-title", x: area.left + area.width / 2, y: area.top - 10 }, plot);
    const layer = svg("g", { "clip-path": `url(#${id}-clip)` }, plot);
    const over = svg("g", {}, plot);
    return { plot, X, Y, W, H: height, area, layer, over, title };
  }

  function axes(fig, xTicks, yTicks, xLabel, yLabel) {
    const { plot, X, Y, area } = fig;
    const bottom = area.top + area.height, right = area.left + area.width;
    svg("path", { class: "gx-axis", d: `M${area.left},${area.top}V${bottom}H${right}` }, plot);
    for (const [v, text] of xTicks) {
      svg("path", { class: "gx-axis", d: `M${X(v)},${bottom}v5` }, plot);
      svg("text", { class: "gx-tick", x: X(v), y: bottom + 20, "text-anchor": "middle" }, plot).textContent = text;
    }
    for (const [v, text] of yTicks) {
      svg("path", { class: "gx-axis", d: `M${area.left},${Y(v)}h-5` }, plot);
      svg("text", { class: "gx-tick", x: area.left - 8, y: Y(v) + 5, "text-anchor": "end" }, plot).textContent = text;
    }
    svg("text", { class: "gx-label", x: area.left + area.width / 2, y: bottom + 40, "text-anchor": "middle" }, plot).textContent = xLabel;
    const y = svg("text", { class: "gx-label", x: 0, y: 0, "text-anchor": "middle",
                            transform: `translate(${area.left - 42},${area.top + area.height / 2}) rotate(-90)` }, plot);
    y.textContent = yLabel;
  }

  // A legend: entries [{mark(g, x, y), text}] in a column from (x, y), or in one row
  // of columns `widths` px wide when given; returns the texts.
  function legend(parent, x, y, entries, size, widths) {
    const group = svg("g", { class: "gx-legend", style: `font-size: ${size}px` }, parent);
    let left = x;
    return entries.map((entry, k) => {
      const row = widths ? y : y + k * size * 1.5;
      entry.mark(group, left + 12, row);
      const text = svg("text", { x: left + 32, y: row + size * 0.35, class: "gx-legend-text" }, group);
      text.textContent = entry.text;
      if (widths) left += widths[k];
      return text;
    });
  }
  const lineMark = (cls) => (g, x, y) => svg("path", { class: cls, d: `M${x - 12},${y}h24` }, g);
  const dotMark = (cls, r) => (g, x, y) => svg("circle", { class: cls, cx: x, cy: y, r }, g);

  // A boxed remark at the top, as gdfig's draw_note (centred: the corners are where
  // iterates leaving the window are marked).
  function note(fig) {
    const group = svg("g", { class: "gx-note" }, fig.over);
    const box = svg("rect", { rx: 5 }, group);
    const text = svg("text", { "text-anchor": "middle" }, group);
    const middle = fig.area.left + fig.area.width / 2, top = fig.area.top + 10;
    return (words) => {
      group.setAttribute("visibility", words ? "visible" : "hidden");
      text.textContent = words || "";
      const width = words ? text.getComputedTextLength() : 0;
      text.setAttribute("x", middle); text.setAttribute("y", top + 18);
      Object.entries({ x: middle - width / 2 - 8, y: top, width: width + 16, height: 26 }).forEach(([k, v]) => box.setAttribute(k, v));
    };
  }

  // A five-pointed star (matplotlib's "*") of diameter `size` at (x, y).
  function starPath(x, y, size) {
    const points = [];
    for (let k = 0; k < 10; k++) {
      const r = (k % 2 ? 0.381966 : 1) * (size / 2), a = (Math.PI * k) / 5;
      points.push(`${(x + r * Math.sin(a)).toFixed(2)},${(y - r * Math.cos(a)).toFixed(2)}`);
    }
    return `M${points.join("L")}Z`;
  }

  // Dragging on `plot`: set(x, y) in viewBox units, once per move; end() once when
  // let go. Only a surface being dragged takes touch-action: none.
  function onDrag(fig, set, end) {
    const { plot, W, H } = fig;
    plot.addEventListener("pointerdown", (event) => {
      const at = (e) => {
        const box = plot.getBoundingClientRect();
        set(((e.clientX - box.left) / box.width) * W, ((e.clientY - box.top) / box.height) * H);
      };
      plot.classList.add("gx-dragging");
      plot.setPointerCapture(event.pointerId);
      at(event);
      plot.onpointermove = at;
      plot.onpointerup = plot.onpointercancel = () => {
        plot.onpointermove = plot.onpointerup = plot.onpointercancel = null;
        plot.classList.remove("gx-dragging");
        end();
      };
    });
  }

  // ---- 1D: eta, w0 and t on the loss of slides 7-8 ---------------------------------
  const CURVE_AREA = { left: 64, top: 34, width: 560, height: 262 };

  function curveFigure(id, data) {
    const [lo, hi] = data.window, px = data.style.px;
    const grid = Array.from({ length: 301 }, (_, i) => lo + ((hi - lo) * i) / 300);
    const curve = grid.map((w) => value(data.loss, [w]));
    const yRange = [Math.min(...curve) - 0.6, Math.max(...curve) + 0.4]; // as the figure
    const fig = figure(id, data.style, 380, CURVE_AREA, [data.window, yRange]);
    axes(fig, ticks(lo, hi, 6), ticks(yRange[0], yRange[1], 9), "w", "ℒ");
    svg("polyline", { class: "gx-loss", points: grid.map((w, i) => `${fig.X(w)},${fig.Y(curve[i])}`).join(" ") }, fig.layer);
    const parts = {
      parabola: svg("polyline", { class: "gx-surrogate" }, fig.layer),
      dots: svg("g", {}, fig.layer),
      next: svg("circle", { class: "gx-next", r: px.current / 2 }, fig.layer),
      label: svg("text", { class: "gx-iterate-label", "dominant-baseline": "hanging" }, fig.layer),
      edge: svg("g", { class: "gx-edge" }, fig.over),
      note: note(fig),
    };
    const r = px.current / 2;
    // As the figure: one row below the axes, where no curve runs through it.
    const widths = [110, 200, 230], left = fig.W / 2 - widths.reduce((a, b) => a + b) / 2;
    parts.legendTexts = legend(fig.over, left, 364, [
      { mark: lineMark("gx-loss"), text: "loss ℒ" },
      { mark: lineMark("gx-surrogate"), text: "surrogate at w₀" },
      { mark: dotMark("gx-next", r), text: "its minimum, the next iterate" }], px.legend, widths);
    return { ...fig, ...parts, grid, yRange, px };
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
    fig.next.setAttribute("cx", X(next)); fig.next.setAttribute("cy", Y(surrogate(next)));
    fig.dots.replaceChildren(...ws.map((w, k) => svg("circle", {
      cx: X(w), cy: Y(vs[k]), r: (k === shown ? px.current : px.iterate) / 2, class: k === shown ? "gx-current" : "gx-earlier" })));
    // As the figure: the label below the point, on its uphill side (away from the step).
    const side = next > wt ? -1 : 1, offset = 9 * (px.font / 10);
    Object.entries({ x: X(wt) + side * offset, y: Y(lt) + offset, "text-anchor": side > 0 ? "start" : "end" })
      .forEach(([k, v]) => fig.label.setAttribute(k, v));
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

  function curveExplorer(root, data) {
    const [lo, hi] = data.window;
    const state = curveState(data, query());
    const controls = element("div", "gx-controls");
    const eta = etaSlider(controls, data);
    const w0 = control(controls, "Start w₀", { type: "range", min: lo, max: hi, step: 0.01 });
    const t = control(controls, "Step t", { type: "range", min: 0, max: data.steps, step: 1 });
    const fig = { ...curveFigure(root.id, data), loss: data.loss };
    const said = status(root);
    const save = () => commit({ eta: state.eta, w0: state.w0, t: state.t });
    let path = null;

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

    eta.input.addEventListener("input", () => set({ eta: eta.toValue(+eta.input.value) }));
    w0.input.addEventListener("input", () => set({ w0: +w0.input.value }));
    t.input.addEventListener("input", () => { play.stop(); set({ t: +t.input.value }); });
    for (const c of [eta, w0, t]) c.input.addEventListener("change", save);
    const toW = scale(CURVE_AREA.left, CURVE_AREA.left + CURVE_AREA.width, lo, hi);
    onDrag(fig, (x) => set({ w0: Math.round(clamp(toW(x), lo, hi) * 100) / 100 }), save);
    onHistory(root, (q) => { play.stop(); set(curveState(data, q)); });
    root.replaceChildren(controls, fig.plot, said);
    redraw();
    return { state, redraw, set, player: play, trajectory: () => path };
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

  // ---- 2D: the start by click, drag or arrow keys, eta by a slider, on slide 9's loss --
  const PLANE_AREA = { left: 64, top: 34, width: 440, height: 440 };

  function planeFigure(id, data, frame) {
    const px = data.style.px;
    const fig = figure(id, data.style, 530, PLANE_AREA, data.box);
    // Focusable, and an "application" so that screen readers pass the arrow keys on.
    Object.entries({ tabindex: "0", role: "application", "aria-roledescription": "map" }).forEach(([k, v]) => fig.plot.setAttribute(k, v));
    axes(fig, ticks(data.box[0][0], data.box[0][1], 5), ticks(data.box[1][0], data.box[1][1], 5), "w₁", "w₂");
    const canvas = element("canvas", "gx-map");
    canvas.setAttribute("aria-hidden", "true");
    Object.assign(canvas.style, { left: pct(PLANE_AREA.left, fig.W), top: pct(PLANE_AREA.top, fig.H),
                                  width: pct(PLANE_AREA.width, fig.W), height: pct(PLANE_AREA.height, fig.H) });
    frame.append(canvas, fig.plot);
    const defs = svg("defs", {}, fig.plot);
    const dot = svg("marker", { id: `${id}-dot`, markerUnits: "userSpaceOnUse", markerWidth: px.path_dot * 2,
                                markerHeight: px.path_dot * 2, refX: px.path_dot, refY: px.path_dot }, defs);
    svg("circle", { class: "gx-path-dot", cx: px.path_dot, cy: px.path_dot, r: px.path_dot / 2 }, dot);
    const marker = `url(#${id}-dot)`;
    return { ...fig, canvas, px, bar: colourBar(fig, data),
             line: svg("polyline", { class: "gx-path", "marker-start": marker, "marker-mid": marker, "marker-end": marker }, fig.layer),
             start: svg("rect", { class: "gx-start", width: px.start, height: px.start }, fig.over),
             end: svg("path", { class: "gx-end" }, fig.over),
             label: svg("text", { class: "gx-start-label" }, fig.over),
             note: note(fig) };
  }
  const pct = (part, whole) => `${(100 * part) / whole}%`;

  // The colour bar: the figure's bands and levels, beside the map; recoloured per theme.
  function colourBar(fig, data) {
    const levels = data.maps.light.levels, x = PLANE_AREA.left + PLANE_AREA.width + 24, w = 16;
    const Y = scale(levels[0], levels[levels.length - 1], PLANE_AREA.top + PLANE_AREA.height, PLANE_AREA.top);
    const group = svg("g", { class: "gx-colourbar" }, fig.plot);
    const digits = Math.max(...levels.map((v) => (String(v).split(".")[1] || "").length)); // 1.20 beside 0.56
    const bands = levels.slice(1).map((high, k) => svg("rect", { x, width: w, y: Y(high), height: Y(levels[k]) - Y(high) }, group));
    svg("rect", { class: "gx-axis", x, width: w, y: PLANE_AREA.top, height: PLANE_AREA.height }, group);
    levels.forEach((v, k) => {
      if (k % 2) return; // every other level: the labels stay apart
      svg("path", { class: "gx-axis", d: `M${x + w},${Y(v)}h5` }, group);
      svg("text", { class: "gx-tick", x: x + w + 8, y: Y(v) + 5 }, group).textContent = signed(v.toFixed(digits));
    });
    svg("text", { class: "gx-label", "text-anchor": "middle", // as the figure's colour bar label
                  transform: `translate(${x + w + 62},${PLANE_AREA.top + PLANE_AREA.height / 2}) rotate(-90)` }, group).textContent = "loss ℒ";
    return (map) => bands.forEach((rect, k) => rect.setAttribute("fill", rgba(map.bands[k])));
  }
  const rgba = (c) => `rgba(${Math.round(c[0] * 255)},${Math.round(c[1] * 255)},${Math.round(c[2] * 255)},${c[3]})`;

  // The loss map: values only, on a grid every 3 CSS pixels, interpolated in
  // between, coloured by the figure's bands, with a line wherever the band changes.
  // It depends on neither eta nor the start: painted once per load and theme.
  function paintMap(canvas, data, map, ink) {
    const ratio = Math.min(2, window.devicePixelRatio || 1), box = canvas.getBoundingClientRect();
    const started = performance.now(); // after the page's own layout, which reading the box forces
    const W = Math.max(2, Math.round((box.width || 440) * ratio)), H = Math.max(2, Math.round((box.height || 440) * ratio));
    canvas.width = W; canvas.height = H;
    const bands = bandsOf(sampleGrid(data, W, H, Math.round(3 * ratio)), map.levels, W, H);
    const image = new ImageData(W, H), pixels = new Uint32Array(image.data.buffer);
    const fill = map.bands.map((c) => packed(c.map((v) => v * 255))), line = map.bands.map((c) => packed(contourOver(c, ink)));
    for (let k = 0; k < W * H; k++) {
      const b = bands[k];
      const edge = (k % W < W - 1 && bands[k + 1] !== b) || (k + W < W * H && bands[k + W] !== b);
      pixels[k] = edge ? line[b] : fill[b];
    }
    canvas.getContext("2d").putImageData(image, 0, 0);
    return performance.now() - started;
  }
  // RGBA (0-255) as one pixel of a Uint32Array view on ImageData (little-endian: ABGR).
  const packed = ([r, g, b, a]) => ((Math.round(a) << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;

  // The loss at every `step`-th device pixel (pixel centres), as {values, nx, step}.
  function sampleGrid(data, W, H, step) {
    const [[x0, x1], [y0, y1]] = data.box;
    const nx = Math.ceil(W / step) + 1, ny = Math.ceil(H / step) + 1;
    const xs = new Float64Array(nx * ny), ys = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      xs[j * nx + i] = x0 + ((i * step + 0.5) / W) * (x1 - x0);
      ys[j * nx + i] = y1 - ((j * step + 0.5) / H) * (y1 - y0);
    }
    const loss = compiled(data.loss), values = new Float64Array(nx * ny);
    for (let k = 0; k < values.length; k++) values[k] = loss(xs[k], ys[k]);
    return { values, nx, step };
  }

  // The band (index of the level below) of each device pixel, interpolating bilinearly.
  function bandsOf({ values, nx, step }, levels, W, H) {
    const out = new Int8Array(W * H);
    for (let y = 0; y < H; y++) {
      const j = Math.floor(y / step), fy = (y % step) / step;
      for (let x = 0; x < W; x++) {
        const i = Math.floor(x / step), fx = (x % step) / step, k = j * nx + i;
        const top = values[k] + (values[k + 1] - values[k]) * fx;
        const low = values[k + nx] + (values[k + nx + 1] - values[k + nx]) * fx;
        const v = top + (low - top) * fy;
        let b = 0; // below the lowest level counts as the lowest band, as in the figure
        while (b + 1 < levels.length - 1 && v >= levels[b + 1]) b++;
        out[y * W + x] = b;
      }
    }
    return out;
  }
  // The figure's contour line (ink at opacity 0.5) over a band (rgba, 0-1) as one
  // canvas pixel, so that the page behind shows through as it does in the figure.
  function contourOver([r, g, b, a], ink) {
    const alpha = 1 - 0.5 * (1 - a);
    return [...[r, g, b].map((c, i) => (0.5 * ink[i] + 0.5 * a * c * 255) / alpha), alpha * 255];
  }
  const hexRgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

  function drawPlane(fig, path, data) {
    const { X, Y, px, area } = fig;
    fig.line.setAttribute("points", path.iterates.map((w) => `${X(w[0])},${Y(w[1])}`).join(" "));
    const [sx, sy] = [X(path.iterates[0][0]), Y(path.iterates[0][1])];
    fig.start.setAttribute("x", sx - px.start / 2); fig.start.setAttribute("y", sy - px.start / 2);
    const right = path.iterates[0][0] > 0.85; // as the figure: labels near the right edge go left
    Object.entries({ x: sx + (right ? -1 : 1) * px.start, y: sy - px.start * 0.8, "text-anchor": right ? "end" : "start" })
      .forEach(([k, v]) => fig.label.setAttribute(k, v));
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

  function planeExplorer(root, data) {
    const [[x0, x1], [y0, y1]] = data.box;
    const state = planeState(data, query());
    const controls = element("div", "gx-controls");
    const eta = etaSlider(controls, data);
    const wx = control(controls, "Start w₀, first coordinate", { type: "range", min: x0, max: x1, step: 0.01 });
    const wy = control(controls, "Start w₀, second coordinate", { type: "range", min: y0, max: y1, step: 0.01 });
    const frame = element("div", "gx-frame");
    const fig = planeFigure(root.id, data, frame);
    const said = status(root);
    const save = () => commit({ eta: state.eta, w0: state.w0.join(",") });
    const api = { state, timings: { map: [] }, trajectory: () => path };
    let path = null;

    function redraw() {
      path = { ...descend(data.loss, state.w0, state.eta, data.steps, data.bound), eta: state.eta };
      const left = drawPlane(fig, path, data);
      const words = describe2d(path, left);
      said.textContent = `η = ${state.eta}, w₀ = (${state.w0.map(fmt).join(", ")}): ${words}`;
      fig.plot.setAttribute("aria-label", `Contour map of the 2D loss with the descent path from (${state.w0.map(fmt).join(", ")}); ` +
                            `arrow keys move the start. ${words}`);
      eta.input.value = eta.toPosition(state.eta); eta.shown.textContent = String(state.eta);
      wx.input.value = state.w0[0]; wx.shown.textContent = fmt(state.w0[0]);
      wy.input.value = state.w0[1]; wy.shown.textContent = fmt(state.w0[1]);
    }
    const set = (changes) => { Object.assign(state, changes); redraw(); };
    const at = (v, low, high) => Math.round(clamp(v, low, high) * 100) / 100;

    eta.input.addEventListener("input", () => set({ eta: eta.toValue(+eta.input.value) }));
    wx.input.addEventListener("input", () => set({ w0: [+wx.input.value, state.w0[1]] }));
    wy.input.addEventListener("input", () => set({ w0: [state.w0[0], +wy.input.value] }));
    for (const c of [eta, wx, wy]) c.input.addEventListener("change", save);
    const toX = scale(PLANE_AREA.left, PLANE_AREA.left + PLANE_AREA.width, x0, x1);
    const toY = scale(PLANE_AREA.top + PLANE_AREA.height, PLANE_AREA.top, y0, y1);
    onDrag(fig, (x, y) => set({ w0: [at(toX(x), x0, x1), at(toY(y), y0, y1)] }), save);
    arrowKeys(fig.plot, state, data.box, (w0) => { set({ w0 }); save(); });
    onHistory(root, (q) => set(planeState(data, q)));
    root.replaceChildren(controls, frame, said);
    const paint = painter(fig, data, api.timings.map);
    watchTheme(root, paint);
    paint();
    redraw();
    return Object.assign(api, { redraw, set, paint });
  }

  // Paints the map and the colour bar in the current palette; records each paint's ms.
  function painter(fig, data, times) {
    return () => {
      const theme = isDark() ? "dark" : "light";
      fig.bar(data.maps[theme]);
      times.push(paintMap(fig.canvas, data, data.maps[theme], hexRgb(data.style.palettes[theme].ink)));
    };
  }

  // Arrow keys move the start by 0.01 (0.1 with Shift) while the map has focus.
  function arrowKeys(plot, state, [[x0, x1], [y0, y1]], move) {
    plot.addEventListener("keydown", (event) => {
      const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[event.key];
      if (!d) return;
      event.preventDefault();
      const step = event.shiftKey ? 0.1 : 0.01;
      const to = (v, dv, low, high) => Math.round(clamp(v + dv * step, low, high) * 100) / 100;
      move([to(state.w0[0], d[0], x0, x1), to(state.w0[1], d[1], y0, y1)]);
    });
  }

  // Repaint when the reader switches the palette; stop watching when the page goes.
  function watchTheme(root, paint) {
    const observer = new MutationObserver(() => (root.isConnected ? paint() : observer.disconnect()));
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
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

  // ---- logistic regression: n from 0 to 10^4, precomputed by gdfig ------------------
  function boundaryFigure(id, data) {
    const [[x0, x1], [y0, y1]] = data.box, px = data.style.px;
    const width = 560, height = (width * (y1 - y0)) / (x1 - x0); // equal aspect, as the figure
    const area = { left: 64, top: 34, width, height };
    const fig = figure(id, data.style, height + 84, area, data.box);
    axes(fig, ticks(x0, x1, 6), ticks(y0, y1, 6), "x₁", "x₂");
    const { X, Y } = fig, c = px.cross / 2;
    // As the figure: crosses first, open rings over them (a ring on a cross still shows).
    const cross = (g, x, y) => svg("path", { class: "gx-negative", d: `M${x - c},${y - c}l${2 * c},${2 * c}m0,${-2 * c}l${-2 * c},${2 * c}` }, g);
    data.x.forEach(([a, b], i) => { if (data.y[i] < 0) cross(fig.layer, X(a), Y(b)); });
    data.x.forEach(([a, b], i) => { if (data.y[i] > 0) svg("circle", { cx: X(a), cy: Y(b), r: px.point / 2, class: "gx-positive" }, fig.layer); });
    const parts = { line: svg("line", { class: "gx-boundary" }, fig.layer), lda: svg("line", { class: "gx-lda" }, fig.layer), note: note(fig) };
    const legendAt = [area.left + 8, area.top + 14];
    const entries = [
      { mark: cross, text: `y = ${MINUS}1` },
      { mark: dotMark("gx-positive", px.point / 2), text: "y = +1" },
      { mark: lineMark("gx-boundary"), text: "logistic" },
      { mark: lineMark("gx-lda"), text: "LDA" }];
    const texts = legend(fig.over, ...legendAt, entries, px.legend_small);
    return { ...fig, ...parts, legendTexts: texts };
  }

  function boundaryExplorer(root, data) {
    const snaps = data.snapshots;
    const parse = (q) => {
      const wanted = number(q.get("n"), 100, 0, snaps[snaps.length - 1].n);
      return { index: nearest(snaps.map((s) => s.n), wanted), lda: q.get("lda") === "1" };
    };
    const state = parse(query());
    const controls = element("div", "gx-controls");
    const n = control(controls, "Steps n (log scale)", { type: "range", min: 0, max: snaps.length - 1, step: 1 });
    const lda = control(controls, "Show the LDA boundary", { type: "checkbox" });
    const fig = boundaryFigure(root.id, data);
    const said = status(root);
    const save = () => commit({ n: snaps[state.index].n, lda: state.lda ? 1 : 0 });

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

    n.input.addEventListener("input", () => set({ index: +n.input.value }));
    n.input.addEventListener("change", save);
    lda.input.addEventListener("change", () => { set({ lda: lda.input.checked }); save(); });
    onHistory(root, (q) => set(parse(q)));
    root.replaceChildren(controls, fig.plot, said);
    redraw();
    return { state, redraw, set, snapshot: () => snaps[state.index] };
  }

  function place(fig, node, segment) {
    node.setAttribute("visibility", segment ? "visible" : "hidden");
    if (!segment) return;
    node.setAttribute("x1", fig.X(segment[0][0])); node.setAttribute("y1", fig.Y(segment[0][1]));
    node.setAttribute("x2", fig.X(segment[1][0])); node.setAttribute("y2", fig.Y(segment[1][1]));
  }

  // ---- start every explorer of the page ----------------------------------------------
  const KINDS = { explore_curve: curveExplorer, explore_plane: planeExplorer, explore_boundaries: boundaryExplorer };
  window.gdfigExplorers = window.gdfigExplorers || {};

  async function start(root) {
    root.dataset.ready = "loading";
    const response = await fetch(root.dataset.src);
    const data = await response.json();
    applyLook(root, data.style);
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
