// Material's version selector shows the version ("0.2.0") on a button named "Select
// version": a name without its visible text (axe-core label-content-name-mismatch,
// WCAG 2.5.3). Material draws the button once versions.json has loaded, so name it
// whenever it appears: "Version 0.2.0: select another".
(function () {
  "use strict";
  const header = document.querySelector(".md-header");
  if (!header) return;
  new MutationObserver(function () {
    for (const button of header.querySelectorAll(".md-version__current")) {
      const label = "Version " + button.textContent.trim() + ": select another";
      if (button.getAttribute("aria-label") !== label) button.setAttribute("aria-label", label);
    }
  }).observe(header, { childList: true, subtree: true });
})();
