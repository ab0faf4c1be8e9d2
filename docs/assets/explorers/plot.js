// A plot in SVG drawn like gdfig's figures: numbers as text, ticks, frame, labels,
// legends, a boxed note. Units are CSS px of a plot `W` wide: at the figure's own
// width (look.width_px) on wide screens, at the column's width on narrow ones, so
// the figures' sizes (gdfig.style.export()) are also the sizes read on a phone.

// ---- numbers as text: true minus signs, subscripts ------------------------------
export const MINUS = "\u2212";
export const signed = (text) => text.replace(/^-/, MINUS).replace("e-", `e${MINUS}`);
const round = (x, digits) => Number(x.toPrecision(digits));
export const fmt = (x) => signed(Math.abs(x) >= 1e4 ? x.toExponential(2) : String(round(x, 4)));
export const sub = (t) => String(t).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);
export const clamp = (x, low, high) => Math.min(high, Math.max(low, x));
export const scale = (d0, d1, r0, r1) => (x) => r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);

// Ticks at 1, 2 or 5 times a power of ten, about `count` of them over [lo, hi],
// as [value, text] with as many decimals as the step needs (0.0, 0.5, 1.0 ...).
export function ticks(lo, hi, count) {
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
// About one tick per `spacing` px of axis, never fewer than 3.
export const tickCount = (length, spacing = 95) => Math.max(3, Math.round(length / spacing));

// ---- small DOM helpers ----------------------------------------------------------------
const SVG = "http://www.w3.org/2000/svg";
export function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.append(node);
  return node;
}
export const setAll = (node, attrs) => Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));

// ---- the plot -----------------------------------------------------------------------------
// area: {left, top, width, height} in px; domain: [[x0, x1], [y0, y1]].
export function figure(id, W, H, area, domain) {
  const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "gx-plot", role: "img" });
  const X = scale(domain[0][0], domain[0][1], area.left, area.left + area.width);
  const Y = scale(domain[1][0], domain[1][1], area.top + area.height, area.top);
  const clip = svg("clipPath", { id: `${id}-clip` }, plot);
  svg("rect", { x: area.left, y: area.top, width: area.width, height: area.height }, clip);
  const title = svg("text", { class: "gx-title", x: area.left + area.width / 2, y: area.top - 10 }, plot);
  const layer = svg("g", { "clip-path": `url(#${id}-clip)` }, plot);
  const over = svg("g", {}, plot);
  return { plot, X, Y, W, H, area, layer, over, title };
}

export function axes(fig, xTicks, yTicks, xLabel, yLabel) {
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
export function legend(parent, x, y, entries, size, widths) {
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
export const lineMark = (cls) => (g, x, y) => svg("path", { class: cls, d: `M${x - 12},${y}h24` }, g);
export const dotMark = (cls, r) => (g, x, y) => svg("circle", { class: cls, cx: x, cy: y, r }, g);

// A boxed remark at the top, as gdfig's draw_note (centred: the corners are where
// iterates leaving the window are marked). Too wide for the plot, it breaks after
// its "; " into lines.
export function note(fig) {
  const group = svg("g", { class: "gx-note" }, fig.over);
  const box = svg("rect", { rx: 5 }, group);
  const text = svg("text", { "text-anchor": "middle" }, group);
  const middle = fig.area.left + fig.area.width / 2, top = fig.area.top + 10;
  return (words) => {
    group.setAttribute("visibility", words ? "visible" : "hidden");
    text.replaceChildren();
    text.textContent = words || "";
    let lines = [words || ""], width = words ? text.getComputedTextLength() : 0;
    if (width > fig.area.width - 24 && words.includes("; ")) {
      lines = words.split("; ").map((part, k, all) => part + (k < all.length - 1 ? ";" : ""));
      text.textContent = "";
      lines.forEach((line, k) => { svg("tspan", { x: middle, dy: k ? "1.3em" : 0 }, text).textContent = line; });
      width = Math.max(...[...text.children].map((t) => t.getComputedTextLength()));
    }
    setAll(text, { x: middle, y: top + 18 });
    const height = 26 + (lines.length - 1) * 18;
    setAll(box, { x: middle - width / 2 - 8, y: top, width: width + 16, height });
  };
}

// A five-pointed star (matplotlib's "*") of diameter `size` at (x, y).
export function starPath(x, y, size) {
  const points = [];
  for (let k = 0; k < 10; k++) {
    const r = (k % 2 ? 0.381966 : 1) * (size / 2), a = (Math.PI * k) / 5;
    points.push(`${(x + r * Math.sin(a)).toFixed(2)},${(y - r * Math.cos(a)).toFixed(2)}`);
  }
  return `M${points.join("L")}Z`;
}
