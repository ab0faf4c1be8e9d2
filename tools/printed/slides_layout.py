"""The deck's slides as HTML, from each page's sections (slides_extract.js):
a title slide; per page, one slide per h2 section with its numbered equations,
figures or questions, each frame of a frame set on a slide of its own, and the
answers on the slides after the questions.  A section that would make a slide of
one sentence (a page's lead) or of one link (an explorer) is folded into its
neighbours: the lead goes to the page's next slide, under the page's title; the
explorer's address to the page's questions.  Every slide has one footer line:
its address at the site and its number, "n / N".
"""

import html
import re

from tools.printed.pages import Page, versioned_address

BODY_HEIGHT_PT = 320  # between heading and footer: 405 less 14 + 41.6 above and 19.2 + 4 + a margin below
KICKER_PT = 30        # the page's title above a slide's heading (20 pt, line height 1.2, its margin)
# A figure about as tall as wide gets the slide's full height, its heading and caption
# in a column beside it: under a heading it would fill a third of the slide.
SIDE_ASPECT = 1.6     # figures narrower than this (width / height) go beside their text
SIDE_BOX_PT = (524, 382)  # the figure's box there: 720 - 2 x 22 - 140 column - 12 gap; 405 - 20.2 footer - 2.8
NUMBER = "\x00n\x00"  # where a slide's number goes once the deck is counted


def footer(address: str) -> str:
    """One line: the slide's address (scheme left out) and its number."""
    shown = html.escape(re.sub(r"^https?://", "", address))
    return (f'<footer class="slide-footer"><a href="{html.escape(address)}">{shown}</a>'
            f'<span class="slide-number">{NUMBER}</span></footer>')


def strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def slide(heading: str, body: str, address: str, kicker: str = "", label: str = "") -> str:
    top = f'<p class="slide-kicker">{kicker}</p>' if kicker else ""
    data = f' data-label="{html.escape(label)}"' if label else ""
    return (f'<section class="slide"{data}>{top}<h2>{heading}</h2><div class="slide-body">{body}</div>'
            f'{footer(address)}</section>')


def side_slide(heading: str, figure: str, address: str, kicker: str = "", note: str = "", label: str = "") -> str:
    """A figure at the slide's full height, its kicker, heading and caption in a column at its left."""
    top = f'<p class="slide-kicker">{kicker}</p>' if kicker else ""
    data = f' data-label="{html.escape(label)}"' if label else ""
    aside = "".join(f'<p class="slide-caption">{line}</p>' for line in note.split("\n") if line)
    return (f'<section class="slide slide-side"{data}><div class="slide-column">{top}<h2>{heading}</h2>{aside}</div>'
            f'<div class="slide-body">{figure}</div>{footer(address)}</section>')


def figure_slide(site, heading: str, figures: list[dict], address: str, kicker: str = "", label: str = "",
                 captions: bool = True) -> str:
    """Figures under their heading, or one figure about as tall as wide beside it."""
    from tools.printed.slides_figures import caption, figures_html, natural_aspect, side_figure_html  # matplotlib

    if len(figures) == 1 and natural_aspect(site, figures[0]["name"]) < SIDE_ASPECT:
        drawn, titles = side_figure_html(site, figures[0], SIDE_BOX_PT)
        note = "\n".join([caption(figures[0])] * captions + [html.escape(t) for t in titles])
        return side_slide(heading, drawn, address, kicker, note, label)
    room = BODY_HEIGHT_PT - KICKER_PT * bool(kicker)
    return slide(heading, figures_html(site, figures, room, captions), address, kicker, label)


def thin(section: dict) -> bool:
    """Whether a section's own slide would be one sentence or one link (its frames aside)."""
    return not (section["equations"] or section["figures"] or section["questions"])


def sentences(html_text: str) -> int:
    return len(re.findall(r"[.!?:](?=\s|$)", re.sub(r"<mjx-container.*?</mjx-container>", "x", html_text, flags=re.S)))


def fold(page_title: str, sections: list[dict], explorer_address) -> list[dict]:
    """The sections that make slides, thin ones folded into their neighbours."""
    kept = [dict(s, kicker="", notes=[], own_slide=True) for s in sections if not (thin(s) and s["explorer"])]
    if len(kept) > 1 and thin(kept[0]) and not kept[0]["sequences"]:
        lead, kept = kept[0], kept[1:]
        kept[0].update(kicker=page_title, lead=kept[0]["lead"] or lead["lead"])
    for k, section in enumerate(kept):
        if thin(section) and section["sequences"]:  # its frames say it: they carry its heading
            section.update(own_slide=False, kicker=section["kicker"] or strip_tags(section["heading"]))
        elif thin(section):  # a text slide: its opening paragraphs, not one sentence
            section["lead"] = " ".join(f"<p>{p}</p>" for p in section["paragraphs"]
                                       if sentences(section["paragraphs"][0]) < 3 or p == section["paragraphs"][0])
    explorers = [explorer_address(s["anchor"]) for s in sections if thin(s) and s["explorer"]]
    if explorers:
        target = next((s for s in kept if s["questions"]), kept[-1])
        target["notes"] += explorers
    return kept


def section_slides(site, page: Page, section: dict, address: str) -> list[str]:
    """The section's text (lead, equations, questions) on a slide, then its figures on
    one of their own, which then gets the whole slide but its heading."""
    from tools.printed.slides_figures import natural_aspect

    kicker, slides = section["kicker"], []
    if section["equations"] or section["questions"] or not section["figures"]:
        crowded = section["questions"]  # its figures go on a slide of their own
        lead = f'<div class="slide-lead">{section["lead"]}</div>' if section["lead"] and not crowded else ""
        questions = "".join(f"<li>{q}</li>" for q in section["questions"])
        notes = "".join(f'<p class="slide-note">{what}: <a href="{html.escape(a)}">{html.escape(a)}</a></p>'
                        for what, a in [("Explorer", a) for a in section["notes"]]
                        + [("The code", address)] * bool(section.get("code")))
        body = (lead + "".join(section["equations"])
                + (f'<ol class="slide-questions">{questions}</ol>' if questions else "") + notes)
        slides.append(slide(section["heading"], body, address, kicker))
        kicker = ""
    figures = section["figures"]
    if len(figures) > 1 and any(natural_aspect(site, f["name"]) < SIDE_ASPECT for f in figures):
        slides += [figure_slide(site, section["heading"], [f], address, kicker) for f in figures]  # each full height
    elif figures:
        slides.append(figure_slide(site, section["heading"], figures, address, kicker))
    return slides


def frame_slides(site, section: dict, address_of) -> list[str]:
    """One slide per frame; with no slide of its own, the section's heading tops its frames."""
    from gdfig import registry

    slides = []
    kicker = "" if section["own_slide"] else section["kicker"]
    for sequence in section["sequences"]:
        address = address_of("fig-" + sequence["name"])
        slides += [figure_slide(site, html.escape(registry.get(frame["name"]).title), [frame], address, kicker,
                                frame["label"], captions=False) for frame in sequence["frames"]]
    return slides


def answer_slides(section: dict, groups: list[list[int]], address: str) -> list[str]:
    """The answers to a section's questions, numbered as the questions, on as many slides as they need."""
    slides = []
    for group in groups:
        items = "".join(f'<li value="{k + 1}">{section["answers"][k]}</li>' for k in group)
        slides.append(slide("Answers", f'<ol class="slide-answers">{items}</ol>', address))
    return slides


def title_slide(meta: dict) -> str:
    lecture, address = meta["lecture"], versioned_address(meta, "")
    return (f'<section class="slide slide-title"><h1>{html.escape(meta["title"])}</h1>'
            f'<p>After {html.escape(", ".join(lecture["authors"]))}, {html.escape(lecture["title"])}</p>'
            f'<p>{html.escape(", ".join(meta["authors"]))} · version {html.escape(meta["version"])} · '
            f'CC BY 4.0</p><p><a href="{html.escape(address)}">{html.escape(address)}</a></p>'
            f'{footer(address)}</section>')


def page_slides(site, meta: dict, page: Page, sections: list[dict], answer_groups) -> list[tuple[str | None, str]]:
    """(bookmark title or None, slide HTML) for one page."""
    def address_of(anchor: str) -> str:
        return versioned_address(meta, page.path) + (f"#{anchor}" if anchor else "")

    heading = strip_tags(sections[0]["heading"]) if sections else page.title
    slides = []
    for section in fold(heading, sections, address_of):
        title = html.unescape(strip_tags(section["heading"]))
        frames = frame_slides(site, section, address_of)
        if section["own_slide"]:
            made = section_slides(site, page, section, address_of(section["anchor"]))
            slides += [(title, made[0])] + [(None, s) for s in made[1:]]
        elif frames:
            slides.append((title, frames.pop(0)))
        slides += [(None, s) for s in frames]
        if section["answers"]:
            slides += [(None, s) for s in answer_slides(section, answer_groups(section), address_of(section["anchor"]))]
    return slides


def numbered(slides: list[str]) -> list[str]:
    return [s.replace(NUMBER, f"{n} / {len(slides)}") for n, s in enumerate(slides, 1)]
