"""The handout's first two pages: a title page that says what this is, whose
lecture it follows, which version, where it lives, under which licence and how
to cite it (the site's one citation, as its home page gives it), then the
contents with printed page numbers (spans handout.py fills in)."""

import html

TITLE = "Gradient descent, figure by figure"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
# What the home page says as built (its commit and date: the build's, not the checkout's).
CITATION = """() => ({citation: document.querySelector(".gdfig-citation").textContent,
    bibtex: document.querySelector(".gdfig-cite-block code").textContent,
    commit: document.querySelector(".gdfig-build code").textContent.trim(),
    date: document.querySelector(".gdfig-build").textContent.match(/\\d{4}-\\d{2}-\\d{2}/)[0]})"""


def front_matter(home_tab, meta: dict, chapters: list[tuple[str, str, str]]) -> str:
    """The title page and the contents; `home_tab` shows the built home page."""
    cited = home_tab.evaluate(CITATION)
    lecture = meta["lecture"]
    e = html.escape
    facts = (("Lecture", f'{e(", ".join(lecture["authors"]))}, {e(lecture["title"])}, '
                         f'<a class="gdfig-bare" href="{e(lecture["url"])}">{e(lecture["url"])}</a>'),
             ("Project", f'{e(meta["title"])} ({e(", ".join(meta["authors"]))}): the derivations of the lecture '
                         f'with every figure computed by the <code>gdfig</code> Python package'),
             ("Version", f'{e(meta["version"])} (commit <code>{e(cited["commit"])}</code>), {e(cited["date"])}'),
             ("Online", f'<a class="gdfig-bare" href="{e(meta["url"])}">{e(meta["url"])}</a>, where every figure is interactive'),
             ("Licence", f'This handout: CC BY 4.0 ({LICENCE}). Share and adapt it, crediting '
                         f'{e(meta["title"])} (the gdfig project) and {e(", ".join(lecture["authors"]))}\'s lecture. '
                         f'The lecture\'s own slides and text are not covered: this handout carries over its '
                         f'equations and facts only.'))
    rows = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
    bibtex = "".join(f"<div>{e(line)}</div>" for line in cited["bibtex"].strip().splitlines())
    contents = "".join(f'<tr><td><a href="#{key}">{e(title)}</a></td>'
                       f'<td><span class="gdfig-pageref" data-target="{key}"></span></td></tr>'
                       for key, title, _ in chapters)
    return (f'<section class="front"><h1>{e(TITLE)}</h1>'
            f'<p class="lecture">Lecture notes after {e(", ".join(lecture["authors"]))}, {e(lecture["title"])}</p>'
            f'<dl>{rows}</dl><h2>Cite as</h2><p>{e(cited["citation"])}</p><div class="bibtex">{bibtex}</div></section>'
            f'<section class="front contents"><h2>Contents</h2><table class="toc">{contents}</table></section>')
