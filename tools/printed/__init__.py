"""The printed outputs: the handout (A4 lecture notes) and the deck (16:9 slides),
both made from the built site so that neither can disagree with the pages.

    pages.py    reading the built site: which pages, their citation, a complete build
    chrome.py   printing with Chromium (a crash ends in one sentence) and the PDF caches
    links.py    the sizes of the PDFs, written into every page's links to them
    handout.py  the handout: print transform, title page, page numbers, cross-references
    slides.py   the deck: one slide per idea, per frame, per answer (+ slides_*.js/css/py)

Each output is a command: `python -m tools.printed.handout SITE`, `python -m
tools.printed.slides SITE` (exit 0 done, 1 it failed, 2 bad input; one sentence
on stderr).
"""
