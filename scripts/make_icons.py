"""Draws the BrokerDesk icon (a compass rose of partner links on the report's accent colour) and
writes it as PNG, ICO (Windows) and ICNS (macOS) into resources/icons/.

Run once when the design changes: `.venv/bin/python scripts/make_icons.py`.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = (31, 90, 114, 255)
LIGHT = (232, 240, 243, 255)
MID = (143, 179, 194, 255)
OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> Image.Image:
    scale = 4  # drawn large and scaled down for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = big * 0.06
    pen.rounded_rectangle((margin, margin, big - margin, big - margin), radius=big * 0.2,
                          fill=ACCENT)
    centre = big / 2
    radius = big * 0.28
    # Seven partner countries around one broker: nodes on a ring, linked to the centre.
    points = [
        (centre + radius * math.cos(2 * math.pi * k / 7 - math.pi / 2),
         centre + radius * math.sin(2 * math.pi * k / 7 - math.pi / 2))
        for k in range(7)
    ]
    for x, y in points:
        pen.line((centre, centre, x, y), fill=MID, width=max(1, int(big * 0.025)))
    for x, y in points:
        r = big * 0.055
        pen.ellipse((x - r, y - r, x + r, y + r), fill=LIGHT)
    r = big * 0.1
    pen.ellipse((centre - r, centre - r, centre + r, centre + r), fill=LIGHT)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    master = draw(1024)
    master.resize((256, 256), Image.LANCZOS).save(OUT / "brokerdesk.png")
    master.save(OUT / "brokerdesk.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48),
                                               (64, 64), (128, 128), (256, 256)])
    master.save(OUT / "brokerdesk.icns")


if __name__ == "__main__":
    main()
