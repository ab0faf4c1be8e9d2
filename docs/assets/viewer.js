// Step-through viewer for the frame sets ({{ frames NAME }} in the pages).
// Without JavaScript every frame stays visible; with it, one frame at a time,
// with previous/next buttons, a slider, the arrow keys and a live label.
(function () {
  "use strict";

  function button(text, label) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "md-button gdfig-step";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    return b;
  }

  // A neighbouring frame's image, in the palette shown, starts loading now, so
  // stepping to it shows it at once (its box is already sized: nothing moves).
  function shownImages(frame) {
    const theme = document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
    return frame.querySelectorAll(`img[src$="#only-${theme}"]`);
  }

  function preload(frame) {
    if (frame) shownImages(frame).forEach((img) => { img.loading = "eager"; });
  }

  // Until its image has arrived, a frame keeps the height of the frame it replaces:
  // the size attributes, whole pixels, can differ from the image's own by a fraction.
  function hold(frame, height) {
    const box = frame.querySelector(".gdfig-image");
    const waiting = Array.from(shownImages(frame)).filter((img) => !img.complete);
    if (!box || !height || waiting.length === 0) return;
    box.style.height = `${height}px`;
    const release = () => { if (waiting.every((img) => img.complete)) box.style.height = ""; };
    waiting.forEach((img) => {
      img.addEventListener("load", release, { once: true });
      img.addEventListener("error", release, { once: true });
    });
  }

  function enhance(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const frames = Array.from(root.querySelectorAll(":scope > figure"));
    const previous = button("‹", "Previous frame");
    const next = button("›", "Next frame");
    const slider = document.createElement("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = String(frames.length - 1);
    slider.setAttribute("aria-label", "Frame");
    const label = document.createElement("output");
    label.className = "gdfig-label";
    label.setAttribute("aria-live", "polite");
    const controls = document.createElement("div");
    controls.className = "gdfig-controls";
    controls.append(previous, slider, next, label);

    let index = 0;
    function show(i) {
      const height = frames[index].querySelector(".gdfig-image")?.getBoundingClientRect().height;
      index = Math.max(0, Math.min(frames.length - 1, i));
      frames.forEach((frame, k) => { frame.hidden = k !== index; });
      hold(frames[index], height);
      [index - 1, index + 1].forEach((k) => preload(frames[k]));
      slider.value = String(index);
      slider.setAttribute("aria-valuetext", frames[index].dataset.label);
      label.textContent = `${frames[index].dataset.label} (frame ${index + 1} of ${frames.length})`;
      previous.disabled = index === 0;
      next.disabled = index === frames.length - 1;
    }

    previous.addEventListener("click", () => show(index - 1));
    next.addEventListener("click", () => show(index + 1));
    slider.addEventListener("input", () => show(Number(slider.value)));
    root.addEventListener("keydown", (event) => {
      if (event.target === slider) return; // the slider moves itself
      if (event.key === "ArrowLeft") show(index - 1);
      else if (event.key === "ArrowRight") show(index + 1);
      else return;
      event.preventDefault();
    });
    root.tabIndex = 0;
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "Frames: use the arrow keys, the buttons or the slider");
    root.classList.add("is-enhanced");
    root.prepend(controls);
    show(0);
  }

  function enhanceAll() {
    document.querySelectorAll(".gdfig-frames").forEach(enhance);
  }

  // Material's instant navigation swaps pages without reloading: document$
  // emits on every page, including the first.
  if (typeof document$ !== "undefined") document$.subscribe(enhanceAll);
  else document.addEventListener("DOMContentLoaded", enhanceAll);
})();
