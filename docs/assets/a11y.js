// Material's search overlay has role="dialog" but no accessible name (axe-core:
// aria-dialog-name). Name it on every page, instant navigation included.
(function () {
  "use strict";
  function nameSearchDialog() {
    const dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }
  if (typeof document$ !== "undefined") document$.subscribe(nameSearchDialog);
  else document.addEventListener("DOMContentLoaded", nameSearchDialog);
})();
