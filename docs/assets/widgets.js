// Widget scripts (the frame viewer, the explorers) load only on pages that have
// widgets. With instant navigation a page's own scripts never run on a swap, so
// this checks each page as material's document$ emits it (the first included)
// and adds a script once; the script subscribes to document$ itself, which
// replays the current page to it.
(function () {
  "use strict";
  const base = document.currentScript.src.replace(/widgets\.js(\?.*)?$/, "");
  const WIDGETS = [[".gdfig-frames", "viewer.js"], [".gdfig-explorer", "explorer.js"]];
  const added = new Set();
  function loadWidgets() {
    for (const [selector, file] of WIDGETS) {
      if (added.has(file) || !document.querySelector(selector)) continue;
      added.add(file);
      const script = document.createElement("script");
      if (file === "explorer.js") script.type = "module"; // it imports each explorer's own module
      script.src = base + file;
      document.head.append(script);
    }
  }
  if (typeof document$ !== "undefined") document$.subscribe(loadWidgets);
  else document.addEventListener("DOMContentLoaded", loadWidgets);
})();
