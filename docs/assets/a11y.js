// Accessibility and reading fixes on every page, instant navigation included.
(function () {
  "use strict";
  // Material's search overlay has role="dialog" but no accessible name (axe-core:
  // aria-dialog-name).
  function nameSearchDialog() {
    const dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }
  // Each code block's navigation (material's copy button) is a <nav>: landmarks of
  // one kind need distinct names (axe-core: landmark-unique).
  function nameCodeNavigation() {
    document.querySelectorAll("nav.md-code__nav").forEach((nav, k) => {
      nav.setAttribute("aria-label", `Code block ${k + 1}`);
    });
  }
  // A display formula wider than the column scrolls in its own box; keyboard
  // users must be able to scroll it (axe-core: scrollable-region-focusable).
  // The notebook's code and output keep whole lines and scroll the same way.
  // Material makes a wide code block focusable only where a pointer can hover:
  // a phone or tablet with a keyboard needs it too.
  const SCROLLERS = [[".md-typeset mjx-container[display]", "Formula, scrolls sideways"],
                     [".md-typeset .highlight pre > code", "Code, scrolls sideways"],
                     [".jupyter-wrapper .highlight-ipynb pre", "Code, scrolls sideways"],
                     [".jupyter-wrapper .jp-OutputArea-output pre", "Output, scrolls sideways"]];
  function focusWideFormulas() {
    for (const [selector, label] of SCROLLERS) document.querySelectorAll(selector).forEach((box) => focusIfWide(box, label));
  }
  function focusIfWide(box, label) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", label);
    } else if (box.getAttribute("role") === "group") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
  // The element id an address names; a malformed one (#%) names none.
  function addressTarget() {
    try { return decodeURIComponent(location.hash.slice(1)); } catch (error) { return ""; }
  }
  // A gallery entry reached by its address opens its folded details. A frame's entry sits in its sequence's folded list: the folds around it open
  // and the entry comes into view.
  function openTargetEntry() {
    const id = addressTarget();
    const target = id && document.getElementById(id);
    const entry = target && target.closest(".gdfig-card, .gdfig-frame-entry");
    if (!entry) return;
    let folded = false;
    for (let fold = entry.parentElement.closest("details"); fold; fold = fold.parentElement.closest("details")) {
      folded = folded || !fold.open;
      fold.open = true;
    }
    const own = entry.querySelector(":scope > details");
    if (own) own.open = true;
    if (folded) target.scrollIntoView();
  }
  function onPage() {
    nameSearchDialog();
    nameCodeNavigation();
    focusWideFormulas();
    openTargetEntry();
  }
  if (typeof document$ !== "undefined") document$.subscribe(() => setTimeout(onPage));
  else document.addEventListener("DOMContentLoaded", onPage);
  // Two frames on: after material's own resize observer, which would undo it.
  window.addEventListener("resize", () => requestAnimationFrame(() => requestAnimationFrame(focusWideFormulas)));
  window.addEventListener("hashchange", openTargetEntry);
  // Printed, folded blocks (questions' answers) are open.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("article details").forEach((details) => { details.open = true; });
  });
})();
