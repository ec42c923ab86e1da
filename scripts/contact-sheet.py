#!/usr/bin/env python3
"""A contact sheet of a deck: every slide of a PDF at a glance, in one PNG.

    python3 scripts/contact-sheet.py output/investors/investors/deck.pdf docs/screenshots/deck-contact-sheet.png

Renders the pages with poppler's pdftoppm (at 40 dpi by default) and tiles
them with Pillow, four to a row, on a light grey ground.
"""
import glob
import os
import subprocess
import sys
import tempfile

from PIL import Image


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: contact-sheet.py DECK.pdf OUT.png [DPI] [COLUMNS]")
    pdf, out = sys.argv[1], sys.argv[2]
    dpi = sys.argv[3] if len(sys.argv) > 3 else "40"
    columns = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", dpi, "-png", pdf, os.path.join(tmp, "s")], check=True)
        pages = [Image.open(p).convert("RGB") for p in sorted(glob.glob(os.path.join(tmp, "s-*.png")))]
    if not pages:
        sys.exit("no pages rendered")
    w, h = pages[0].size
    gap = max(8, w // 40)
    rows = (len(pages) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (w + gap) + gap, rows * (h + gap) + gap), (226, 232, 240))
    for k, page in enumerate(pages):
        r, c = divmod(k, columns)
        sheet.paste(page, (gap + c * (w + gap), gap + r * (h + gap)))
    # Flat slide colours survive a palette: a third of the bytes.
    sheet = sheet.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    sheet.save(out, optimize=True)
    print(f"{len(pages)} slides -> {out} ({sheet.size[0]}x{sheet.size[1]})")


if __name__ == "__main__":
    main()
