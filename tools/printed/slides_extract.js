// The slide material of one built page, in page order: for the lead (under the h1)
// and each h2 section, its heading, its first sentence, its numbered equations
// (MathJax's SVG, number included), its figures, its frame sets, its
// questions and their answers (folded on the page) and whether it holds an
// explorer or code.  Stops at the "Cite this page" block.
() => {
    const article = document.querySelector("article");
    const firstSentence = p => {
        const range = document.createRange();
        range.selectNodeContents(p);
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            if (node.parentElement.closest("mjx-container")) continue;
            const end = /[.!?:](?=\s|$)/.exec(node.data);
            if (end) { range.setEnd(node, end.index + 1); break; }
        }
        const box = document.createElement("div");
        box.append(range.cloneContents());
        box.querySelectorAll("a[href]").forEach(a => { a.href = new URL(a.getAttribute("href"), location.href).href; });
        return box.innerHTML.trim();
    };
    const absolute = e => {
        const copy = e.cloneNode(true);
        copy.querySelectorAll("a[href]").forEach(a => { a.href = new URL(a.getAttribute("href"), location.href).href; });
        return copy.innerHTML.trim();
    };
    const figure = f => ({name: f.id.replace(/^fig-/, ""), label: f.dataset.label || null,
                          number: (f.querySelector(".gdfig-number") || {}).textContent || ""});
    const sections = [];
    let current = null;
    for (const el of article.querySelectorAll("h1, h2, p, .gdfig-equation, figure.gdfig, .gdfig-frames, .gdfig-explorer, details.question > summary")) {
        if (el.matches("h1, h2")) {
            if (el.id === "cite-this-page") break;
            const heading = el.cloneNode(true);
            heading.querySelectorAll(".headerlink").forEach(a => a.remove());
            current = {heading: heading.innerHTML.trim(), anchor: el.matches("h1") ? "" : el.id,
                       lead: "", equations: [], figures: [], sequences: [], questions: [], answers: [], paragraphs: [], explorer: false,
                       code: false};
            sections.push(current);
        } else if (!current) {
            continue;
        } else if (el.matches("p")) {
            if (el.parentElement !== article || current.paragraphs.length >= 2) continue;
            // A slide shows no code: a sentence that introduces it ends in a full stop,
            // and the slide points to the section's code on the page instead.
            const beforeCode = el.nextElementSibling && el.nextElementSibling.matches(".highlight, pre");
            const own = text => beforeCode ? text.replace(/:$/, ".") : text;
            if (beforeCode) current.code = true;
            if (!current.lead) current.lead = own(firstSentence(el));
            current.paragraphs.push(own(absolute(el)));
        } else if (el.matches(".gdfig-equation")) {
            current.equations.push(el.outerHTML);
        } else if (el.matches(".gdfig-frames")) {
            current.sequences.push({name: el.dataset.sequence,
                                    frames: [...el.querySelectorAll("figure.gdfig")].map(figure)});
        } else if (el.matches("summary")) {
            current.questions.push(el.innerHTML.trim());
            const answer = el.parentElement.cloneNode(true);
            answer.querySelector("summary").remove();
            answer.querySelectorAll("a[href]").forEach(a => { a.href = new URL(a.getAttribute("href"), location.href).href; });
            current.answers.push(answer.innerHTML.trim());
        } else if (el.matches(".gdfig-explorer")) {
            current.explorer = true;
        } else if (!el.closest(".gdfig-frames")) {
            current.figures.push(figure(el));
        }
    }
    return sections;
}
