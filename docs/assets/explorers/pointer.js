// Pointer input on a plot, inside its axes only (legends and colour bars never act).
// A mouse or a pen sets the start where it presses and drags it until let go.
// A finger is the page's first: a swipe scrolls and changes nothing. It moves the
// start by a tap, or by a drag that begins on the start marker or goes clearly
// sideways (WCAG 2.5.7: a tap, the sliders and the keys do what a drag does).
// A drag is one history entry when let go; a cancelled one puts the state back.
const SLOP = 10;          // CSS px a finger may move and still tap
const GRAB = 22;          // CSS px around the start marker that grab it
const SIDEWAYS = 2;       // |dx| / |dy| of a drag that is clearly sideways

// fig: {plot, W, H, area}; marker(): the start marker in plot units;
// set(x, y): a position in plot units; save(): one history entry;
// snapshot() / restore(s): the state before a gesture, and back to it.
export function onPlot(fig, { marker, set, save, snapshot, restore }) {
  const { plot, area } = fig;
  let gesture = null;
  const units = (event) => {
    const box = plot.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * fig.W, y: ((event.clientY - box.top) / box.height) * fig.H,
             px: box.width / fig.W };
  };
  const inside = ({ x, y }) => x >= area.left && x <= area.left + area.width && y >= area.top && y <= area.top + area.height;
  const onMarker = (p) => { const [mx, my] = marker(); return Math.hypot(p.x - mx, p.y - my) * p.px <= GRAB; };
  const finish = () => { plot.classList.remove("gx-dragging"); gesture = null; };

  plot.addEventListener("pointerdown", (event) => {
    const p = units(event);
    if (gesture || !event.isPrimary || event.button > 0 || !inside(p)) return;
    const touch = event.pointerType === "touch";
    gesture = { id: event.pointerId, touch, from: [event.clientX, event.clientY], before: snapshot(),
                mode: touch && !onMarker(p) ? "waiting" : "dragging" };
    if (gesture.mode === "dragging") plot.classList.add("gx-dragging");
    if (!touch) { plot.setPointerCapture(event.pointerId); set(p.x, p.y); }
  });
  plot.addEventListener("pointermove", (event) => {
    if (!gesture || event.pointerId !== gesture.id) return;
    const dx = event.clientX - gesture.from[0], dy = event.clientY - gesture.from[1];
    if (gesture.mode === "waiting" && Math.hypot(dx, dy) > SLOP)
      gesture.mode = Math.abs(dx) > SIDEWAYS * Math.abs(dy) ? "dragging" : "scrolling";
    if (gesture.mode !== "dragging") return;
    plot.classList.add("gx-dragging");
    const p = units(event);
    set(p.x, p.y);
  });
  plot.addEventListener("pointerup", (event) => {
    if (!gesture || event.pointerId !== gesture.id) return;
    const p = units(event);
    if (gesture.mode === "waiting") set(p.x, p.y); // a tap
    if (gesture.mode !== "scrolling") save();
    finish();
  });
  plot.addEventListener("pointercancel", (event) => {
    if (!gesture || event.pointerId !== gesture.id) return;
    if (gesture.mode === "dragging") restore(gesture.before);
    finish();
  });
  // A finger dragging the start keeps the page still (the browser scrolls otherwise).
  plot.addEventListener("touchmove", (event) => {
    if (gesture && gesture.touch && gesture.mode === "dragging" && event.cancelable) event.preventDefault();
  }, { passive: false });
}

// Arrow keys move a 2D start by 0.01 (0.1 with Shift) while the plot has focus.
export function arrowKeys(plot, get, [[x0, x1], [y0, y1]], move) {
  plot.addEventListener("keydown", (event) => {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[event.key];
    if (!d) return;
    event.preventDefault();
    const step = event.shiftKey ? 0.1 : 0.01, w0 = get();
    const to = (v, dv, low, high) => Math.round(Math.min(high, Math.max(low, v + dv * step)) * 100) / 100;
    move([to(w0[0], d[0], x0, x1), to(w0[1], d[1], y0, y1)]);
  });
}
