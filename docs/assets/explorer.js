// Explorers: move eta, w0, t or n and watch gradient descent change, in the page.
// This module finds the page's explorers and loads, for each, its own module
// (explorers/curve.js, plane.js, boundary.js: only the ones the page has) and its
// data: the loss as an expression tree exported by gdfig, the lecture's settings
// and the figures' look (gdfig.style.export()). The shared toolkit is explorers/
// (expr.js: checked trees, evaluated without compiling; plot.js: axes and ticks;
// pointer.js: touch and mouse inside the plot area; state.js: the address).
import { applyLook, checkLook } from "./explorers/state.js";

const KINDS = { explore_curve: "curve.js", explore_plane: "plane.js", explore_boundaries: "boundary.js" };
window.gdfigExplorers = window.gdfigExplorers || {};

async function start(root) {
  root.dataset.ready = "loading";
  const file = KINDS[root.dataset.kind];
  if (!file) throw new Error(`it is of an unknown kind '${String(root.dataset.kind).slice(0, 40)}'`);
  const [module, data] = await Promise.all([import(`./explorers/${file}`), load(root.dataset.src)]);
  applyLook(root, checkLook(data.style));
  window.gdfigExplorers[root.id] = module.mount(root, data);
  root.dataset.ready = "true";
}

async function load(src) {
  const response = await fetch(src);
  if (!response.ok) throw new Error(`its data (${src}) did not arrive (HTTP ${response.status})`);
  try { return await response.json(); } catch (error) { throw new Error(`its data (${src}) is not JSON`); }
}

// A damaged export shows a sentence where the explorer would be; the figures stay.
function cannot(root, error) {
  root.dataset.ready = "failed";
  const said = document.createElement("p");
  said.className = "gx-failed";
  said.textContent = `This explorer cannot be shown: ${error.message}. The figures above show the lecture's settings.`;
  root.replaceChildren(said);
  console.warn("gdfig explorer:", error.message);
}

function startAll() {
  document.querySelectorAll(".gdfig-explorer:not([data-ready])").forEach((root) => {
    start(root).catch((error) => cannot(root, error));
  });
}

if (typeof document$ !== "undefined") document$.subscribe(startAll);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
else startAll();
