// The 2D loss map on a canvas: values only, on a grid every 3 CSS pixels,
// interpolated in between, coloured by the figure's bands, with a line wherever
// the band changes. It depends on neither eta nor the start: painted once per
// load, theme and width.
import { valueFunction } from "./expr.js";

// Paints `map` ({levels, bands}) of the loss over data.box; returns the time taken (ms).
export function paintMap(canvas, data, map, ink) {
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
  const loss = valueFunction(data.loss), values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = y1 - ((j * step + 0.5) / H) * (y1 - y0);
    for (let i = 0; i < nx; i++) values[j * nx + i] = loss(x0 + ((i * step + 0.5) / W) * (x1 - x0), y);
  }
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
export const hexRgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
export const rgba = (c) => `rgba(${Math.round(c[0] * 255)},${Math.round(c[1] * 255)},${Math.round(c[2] * 255)},${c[3]})`;
