// One built page's article as the handout prints it (run in a tab without scripts,
// so the page is exactly as built).  Returns {title, html}.
//  - targets of links get ids unique in the handout (the page's prefix + "--");
//  - a link to a printed page becomes a link inside the PDF, followed by its printed
//    page number when it leads to another chapter ("page 4" reads "§4"); any other
//    link leads to the public site;
//  - screen-only parts go: explorers and the instructions before them (one printed
//    sentence with the address instead), buttons, cite blocks, the PDF links;
//  - "Check yourself": the questions, then their answers (open) under "Answers";
//  - figures print as vectors (SVG, never the PNG a screen may prefer).
({base, site, prefix, chapters, numbered}) => {
    const pageref = target => {
        const number = document.createElement("span");
        number.className = "gdfig-pageref";
        number.dataset.target = target;
        return number;
    };
    const article = document.querySelector("article");
    const here = location.href.split("#")[0];
    const idOf = (path, anchor) => chapters[path] + (anchor ? "--" + anchor : "");
    article.querySelectorAll(".gdfig-printed, .gdfig-cite-block, .headerlink, .md-content__button, .gdfig-controls, .md-source-file, .anchor-link")
        .forEach(e => e.remove());
    const cite = article.querySelector("h2#cite-this-page");
    if (cite) cite.remove();
    for (const explorer of article.querySelectorAll(".gdfig-explorer")) {
        for (let e = explorer.previousElementSibling; e && !e.matches("h2"); e = e.previousElementSibling) {
            if (e.matches("p")) e.remove();
        }
        const note = document.createElement("p");
        const address = site + here.slice(base.length);
        note.innerHTML = `On the site, this section is an explorer that runs the same computation for the values you choose: <a class="gdfig-bare" href="${address}">${address}</a>.`;
        explorer.replaceWith(note);
    }
    const title = article.querySelector("h1");
    if (title) title.removeAttribute("id");
    for (const e of article.querySelectorAll("h2[id], h3[id], figure[id], .gdfig-frames[id], .gdfig-equation[id]")) {
        e.id = idOf(here.slice(base.length), e.id);
    }
    for (const a of article.querySelectorAll("a[href]")) {
        const url = new URL(a.getAttribute("href"), location.href);
        const path = url.href.split("#")[0].startsWith(base) ? url.href.split("#")[0].slice(base.length) : null;
        if (path === null || !(path in chapters)) {
            if (path !== null) a.href = site + url.href.slice(base.length);
            if (a.textContent.trim() === a.href) a.classList.add("gdfig-bare");
            continue;
        }
        const target = idOf(path, url.hash.slice(1));
        a.setAttribute("href", "#" + target);
        a.removeAttribute("data-print-url");
        a.classList.add("gdfig-xref");
        const section = /^page (\d+)$/.test(a.textContent);
        a.textContent = a.textContent.replace(/^page (\d+)$/, "§$1");
        if (chapters[path] !== prefix) a.after(...(section ? [", p.\u00a0", pageref(target)] : [" (p.\u00a0", pageref(target), ")"]));
    }
    // "page 4" in plain text means chapter 4 of the site: "§4, p. 13" on paper.
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    const mentions = [];
    for (let node; (node = walker.nextNode());) {
        if (/\bpage \d+\b/.test(node.data) && !node.parentElement.closest("a, code, pre, mjx-container")) mentions.push(node);
    }
    for (const node of mentions) {
        const parts = node.data.split(/\bpage (\d+)\b/);
        node.replaceWith(...parts.flatMap((part, k) => k % 2 === 0 ? [part]
            : numbered[part] ? ["§" + part + ", p.\u00a0", pageref(numbered[part])] : ["page " + part]));
    }
    const questions = [...article.querySelectorAll("details.question")];
    if (questions.length) {
        const asked = document.createElement("ol");
        const answered = document.createElement("ol");
        asked.className = "gdfig-questions";
        answered.className = "gdfig-answers";
        for (const details of questions) {
            const question = document.createElement("li");
            const answer = document.createElement("li");
            question.append(...details.querySelector("summary").childNodes);
            details.querySelector("summary").remove();
            answer.append(...details.childNodes);
            asked.append(question);
            answered.append(answer);
        }
        const heading = document.createElement("h3");
        heading.textContent = "Answers";
        questions[0].replaceWith(asked, heading, answered);
        questions.slice(1).forEach(d => d.remove());
    }
    for (const img of article.querySelectorAll("img")) {
        img.loading = "eager";
        img.src = img.src.replace(/\.png(#|$)/, ".svg$1");
    }
    for (const source of article.querySelectorAll("source")) {
        source.srcset = new URL(source.getAttribute("srcset"), location.href).href;
    }
    return {title: (title ? title.textContent : document.title).replace(/¶/g, "").trim(), html: article.innerHTML};
}
