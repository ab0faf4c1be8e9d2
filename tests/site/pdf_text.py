"""What a printed PDF shows, read with pypdf: each run of text with its page,
position (pt from the page's left and top), size (pt) and font.  Chromium writes
text as runs in a matrix that maps CSS pixels to points; the size is the font
size times that matrix's vertical scale."""

import io
import math
import unicodedata
from dataclasses import dataclass

MM = 72 / 25.4
SCREEN_WORDS = ("button", "slider", "click", "drag", "folded", "arrow keys", "hover", "scroll")


@dataclass(frozen=True)
class Run:
    page: int    # from 0
    x: float     # pt from the left edge
    top: float   # pt from the top edge (its baseline)
    size: float  # pt
    font: str
    text: str

    @property
    def mono(self) -> bool:
        return "Mono" in self.font or "Courier" in self.font


def read(pdf: bytes) -> tuple[list[str], list[Run]]:
    """Each page's text (pypdf's extract_text) and every run, in one pass over the PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found: list[Run] = []
    texts: list[str] = []
    for number, page in enumerate(reader.pages):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, height=height):
            if text.strip():
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                name = str((font or {}).get("/BaseFont", ""))
                found.append(Run(number, x, height - y, size * scale, name, unicodedata.normalize("NFKC", text)))

        texts.append(page.extract_text(visitor_text=visit))
    return texts, found


def lines(found: list[Run]) -> dict[tuple[int, int], str]:
    """The text of each printed line: runs of one page at one baseline (to the point), in order."""
    joined: dict[tuple[int, int], list[Run]] = {}
    for run in found:
        joined.setdefault((run.page, round(run.top)), []).append(run)
    return {key: "".join(r.text for r in sorted(group, key=lambda r: r.x)) for key, group in joined.items()}


def screen_words(text: str) -> list[str]:
    lowered = " ".join(text.lower().split())
    return [word for word in SCREEN_WORDS if word in lowered]


def width(run: Run) -> float:
    """The run's width in pt, set in its own font (found by name among the system's
    fonts; a font not found is measured in DejaVu Sans, wider than most)."""
    from matplotlib.font_manager import FontProperties, fontManager
    from matplotlib.textpath import text_to_path

    name = run.font.split("+", 1)[-1]  # "LiberationSans-Bold", a subset's prefix dropped
    families = {entry.name.replace(" ", ""): entry.name for entry in fontManager.ttflist}
    family = families.get(name.split("-")[0], "DejaVu Sans")
    style = name.split("-")[1].lower() if "-" in name else ""
    font = FontProperties(family=[family, "DejaVu Sans"], size=run.size, weight="bold" if "bold" in style else "normal",
                          style="italic" if "italic" in style or "oblique" in style else "normal")
    return text_to_path.get_text_width_height_descent(run.text, font, ismath=False)[0]
