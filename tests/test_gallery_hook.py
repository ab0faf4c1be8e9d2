"""The gallery hook (docs/hooks/gallery.py): thumbnails made deterministically, a cached
one served only when it is what was made, one card per figure or frame sequence."""

import hashlib
import importlib.util
import io
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).parents[1]
spec = importlib.util.spec_from_file_location("gallery_hook", ROOT / "docs" / "hooks" / "gallery.py")
gallery = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gallery)


def a_png(width=1280, height=640, colour=(200, 30, 30, 255)) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste(colour, (0, 0, width // 2, height))  # half drawn, half transparent
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_thumbnail_is_the_figure_at_the_cards_width_over_its_page_the_same_every_time():
    made = gallery.thumbnails(a_png(), (480, 960), "#1e2129")
    assert made == gallery.thumbnails(a_png(), (480, 960), "#1e2129")
    assert made[0] == gallery.thumbnails(a_png(), (480,), "#1e2129")[0]  # made alone or with other widths
    for data, width in zip(made, (480, 960)):
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "WEBP" and image.size == (width, width // 2) and image.mode == "RGB"
            right = image.convert("RGB").getpixel((width * 5 // 6, width // 4))
        assert max(abs(a - b) for a, b in zip(right, (0x1E, 0x21, 0x29))) <= 4  # the transparent half shows the page


def test_a_cached_thumbnail_is_served_only_if_it_hashes_to_what_was_made(tmp_path):
    png = tmp_path / "figure.png"
    png.write_bytes(a_png())
    sha = hashlib.sha256(png.read_bytes()).hexdigest()
    store = gallery.ThumbnailStore(tmp_path / "thumbs")
    first = store.get(png, sha, (480, 640), "#ffffff")
    store.save()
    cached = sorted((tmp_path / "thumbs").glob("*.webp"))
    assert len(cached) == 2
    cached[0].write_bytes(b"RIFF not what was made")  # edited in the cache
    again = gallery.ThumbnailStore(tmp_path / "thumbs").get(png, sha, (480, 640), "#ffffff")
    assert again == first
    assert gallery.ThumbnailStore(tmp_path / "thumbs").get(png, sha, (480, 640), "#ffffff") == first


def entry(name, sequence=None, frame=None, title=None):
    return {"name": name, "kind": "figure", "variant_of": None, "sequence": sequence, "frame": frame,
            "title": title or name}


def test_one_card_per_figure_and_per_frame_sequence_in_registry_order():
    entries = [entry("a"), entry("s_t1", "s", 1, "Step, η = 0.5, frame w₁"), entry("s_t0", "s", 0, "Step, η = 0.5, frame w₀"),
               entry("b")]
    cards = gallery.cards_of(entries)
    assert [c.name for c in cards] == ["a", "s", "b"]
    assert [e["name"] for e in cards[1].members] == ["s_t0", "s_t1"] and cards[1].cover["name"] == "s_t0"
    assert cards[1].title == "Step, η = 0.5"


@pytest.mark.parametrize("titles, shared", [
    (["Logistic regression after n = 0 steps", "Logistic regression after n = 10 steps"], "Logistic regression"),
    (["Surrogate step, η = 0.125, frame w₀", "Surrogate step, η = 0.125, frame w₁₁"], "Surrogate step, η = 0.125"),
])
def test_a_sequence_is_titled_by_what_its_frames_share(titles, shared):
    assert gallery.sequence_title(titles) == shared
