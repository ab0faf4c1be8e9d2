// MathJax (TeX in, SVG out) for docs/hooks/mathjax.py, one JSON request per line on stdin:
//   {"tex": "...", "display": true|false} -> {"html": "...", "glyphs": {"ID": "PATH", ...}}
//   {"tex": "...", "display": true, "width": PX} -> the same, broken into lines PX wide (at 8 px an ex)
//   {"stylesheet": true}                  -> {"css": "..."}
// or {"error": "..."}.  A formula's glyph outlines come back apart from its markup,
// under ids that name the glyph (font variant and code point) rather than the formula,
// so that a page carries each outline once however many formulas use it.
import MathJax from "@mathjax/src";
import readline from "node:readline";

await MathJax.init({
  loader: { load: ["input/tex", "output/svg", "a11y/assistive-mml"] },
  // A TeX error (an undefined macro included) is an error, not red text on the page.
  tex: { packages: { "[-]": ["noundefined"] }, formatError: (jax, error) => { throw error; } },
  // An inline formula stays whole, as in TeX's own habit for short ones: MathJax's
  // in-line breaks let the browser split "w0 = 0.9" or "f(x + δ)" at a line's end.
  // Every inline formula here fits a 320 px phone's column (the tests check it).
  svg: { fontCache: "local", linebreaks: { inline: false } },
});
const adaptor = MathJax.startup.adaptor;

const output = MathJax.startup.output;

async function render(tex, display, width) {
  // A width asks for MathJax 4's automatic line breaks of display math (for narrow
  // columns); without one a formula stays on one line.
  output.options.displayOverflow = width ? "linebreak" : "overflow";
  // The promise form: MathJax loads some fonts' tables (double-struck, script...) when first used.
  const node = await MathJax.tex2svgPromise(tex, width ? { display, containerWidth: width, em: 16, ex: 8 } : { display });
  // Each formula's own ids (MJX-<n>-NCM-I-1D465) become the glyph's (gdfig-NCM-I-1D465).
  let html = adaptor.outerHTML(node).replace(/MJX-\d+-/g, "gdfig-");
  const glyphs = {};
  html = html.replace(/<defs>(.*?)<\/defs>/gs, (_, defs) => {
    for (const [, id, path] of defs.matchAll(/<path id="([^"]+)" d="([^"]*)"><\/path>/g)) glyphs[id] = path;
    return "";
  });
  // data-latex repeats the TeX on every node; the assistive MathML is what screen readers read.
  html = html.replace(/ data-latex="[^"]*"/g, "");
  return { html, glyphs };
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const request = JSON.parse(line);
  let answer;
  try {
    answer = request.stylesheet ? { css: adaptor.textContent(MathJax.svgStylesheet()) }
                                : await render(request.tex, request.display, request.width);
  } catch (error) {
    answer = { error: String(error.message) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
