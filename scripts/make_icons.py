"""Draw the app icons once (committed in static/icons/): the Sở's blue square with a
white shield and a check mark, as SVG, PNG 180/192/512 (and a maskable 512 with a
safe margin) and favicon.ico (16/32/48). Pillow only; run again after a change:

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
BLUE = "#0b4f8a"
WHITE = "#ffffff"

SHIELD = "M256 72 L400 124 V240 C400 336 336 404 256 440 C176 404 112 336 112 240 V124 Z"
CHECK = "M184 256 L236 308 L332 204"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" role="img" '
    'aria-label="Phòng dịch số">\n'
    f'<rect width="512" height="512" rx="96" fill="{BLUE}"/>\n'
    f'<path d="{SHIELD}" fill="{WHITE}"/>\n'
    f'<path d="{CHECK}" fill="none" stroke="{BLUE}" stroke-width="40" '
    'stroke-linecap="round" stroke-linejoin="round"/>\n'
    "</svg>\n"
)


Point = tuple[float, float]


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 40) -> list[Point]:
    """Points along a cubic Bézier curve (the shield's two curved sides)."""

    def at(t: float, i: int) -> float:
        u = 1 - t
        return u**3 * p0[i] + 3 * u**2 * t * p1[i] + 3 * u * t**2 * p2[i] + t**3 * p3[i]

    return [(at(t, 0), at(t, 1)) for t in (i / steps for i in range(steps + 1))]


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    """The icon at ``size`` px, drawn at 4× and scaled down (smooth edges)."""
    scale = size * 4 / 512
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    pen = ImageDraw.Draw(big)
    # A maskable icon fills the square (the platform cuts its own shape) and keeps
    # the drawing inside the central 80 % safe zone.
    inner = 0.8 if maskable else 1.0
    offset = 256 * (1 - inner)

    def at(x: float, y: float) -> tuple[float, float]:
        return ((offset + x * inner) * scale, (offset + y * inner) * scale)

    if maskable:
        pen.rectangle((0, 0, size * 4, size * 4), fill=BLUE)
    else:
        pen.rounded_rectangle((0, 0, size * 4 - 1, size * 4 - 1), radius=96 * scale, fill=BLUE)
    shield = [(256, 72), (400, 124), (400, 240)]
    shield += _bezier((400, 240), (400, 336), (336, 404), (256, 440))[1:]
    shield += _bezier((256, 440), (176, 404), (112, 336), (112, 240))[1:]
    shield += [(112, 124)]
    pen.polygon([at(x, y) for x, y in shield], fill=WHITE)
    check = [at(184, 256), at(236, 308), at(332, 204)]
    width = round(40 * scale * inner)
    pen.line(check, fill=BLUE, width=width, joint="curve")
    for x, y in (check[0], check[-1]):  # round caps
        pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=BLUE)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(SVG, encoding="utf-8")
    for size in (180, 192, 512):
        draw(size).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    draw(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    print("wrote", ", ".join(sorted(p.name for p in OUT.iterdir())))


if __name__ == "__main__":
    main()
