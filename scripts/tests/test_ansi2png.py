#!/usr/bin/python3
"""TAP tests for scripts/ansi2png.py: a fixture tmux pane with 16, 256 and
24-bit colours and reverse video renders to a PNG whose pixels show those
colours; braille cells draw real glyphs; a wide character takes two cells;
bad panes are refused with exit 1 and no PNG.

usage: test_ansi2png.py   (prints TAP; exit 0 when every check passed)
"""
import os
import sys

from PIL import Image

from taplib import FIXTURES, PYTHON, TOP, Scratch, Tap, run, write

A2P = os.path.join(TOP, "scripts", "ansi2png.py")
PANE = os.path.join(FIXTURES, "good", "guest", "panes",
                    "capture.session-enforcing.ansi")
BG = (24, 24, 24)


def render(t, tmp, name, pane, *extra):
    png = os.path.join(tmp, name + ".png")
    rc, _, err = run([PYTHON, A2P, pane, png] + list(extra))
    return rc, err, png


def count(img, pred):
    return sum(1 for p in img.getdata() if pred(p))


def good_pane(t, tmp):
    rc, err, png = render(t, tmp, "pane", PANE)
    t.ok(rc == 0 and os.path.isfile(png),
         "fixture pane renders (exit 0, PNG written)",
         "exit %d: %s" % (rc, err))
    try:
        img = Image.open(png)
        img.load()
    except OSError as e:
        t.ok(False, "the PNG opens with PIL", e)
        return None
    t.ok(img.format == "PNG" and img.mode == "RGB",
         "the output is an RGB PNG", "%s %s" % (img.format, img.mode))
    w, h = img.size
    # 80 columns at least, 4 text rows (trailing blank lines dropped),
    # 8 px padding each side; DejaVu Sans Mono 14 is about 8.4 x 18 px
    t.ok(80 * 6 + 16 <= w <= 80 * 12 + 16 and 4 * 14 + 16 <= h <= 4 * 24 + 16,
         "PNG size is plausible for an 80x4 pane", "size %dx%d" % (w, h))
    t.ok(img.getpixel((1, h - 2)) == BG and img.getpixel((w - 2, 1)) == BG,
         "the margin is the default background %r" % (BG,),
         "corners %r %r" % (img.getpixel((1, h - 2)),
                            img.getpixel((w - 2, 1))))
    green = count(img, lambda p: p[1] >= 200 and p[0] <= 60 and p[2] <= 60)
    t.ok(green >= 10, "bold green text (SGR 1;32) draws bright green "
         "pixels, unlike the background", "%d green pixels" % green)
    blue = count(img, lambda p: p == (0, 0, 255))
    t.ok(blue >= 600, "256-colour background (SGR 48;5;21) fills its 8 "
         "cells with (0, 0, 255)", "%d blue pixels" % blue)
    orange = count(img, lambda p: p[0] >= 230 and 100 <= p[1] <= 150 and
                   p[2] <= 40)
    t.ok(orange >= 10, "24-bit foreground (SGR 38;2;255;128;0) draws "
         "orange text", "%d orange pixels" % orange)
    rev = count(img, lambda p: p == (229, 229, 229))
    t.ok(rev >= 1000, "reverse video (SGR 7) swaps to a light background",
         "%d light pixels" % rev)
    return img


def titled(t, tmp, plain):
    rc, err, png = render(t, tmp, "titled", PANE, "--title", "a title")
    if not t.ok(rc == 0 and os.path.isfile(png), "--title renders",
                "exit %d: %s" % (rc, err)):
        return
    img = Image.open(png)
    t.ok(plain is not None and img.size[0] == plain.size[0] and
         img.size[1] > plain.size[1] and img.getpixel((2, 2)) == (60, 60, 60),
         "--title adds a grey title bar above the pane",
         "size %r (plain %r), pixel %r" % (
             img.size, plain.size if plain else None, img.getpixel((2, 2))))


def lit(img, box):
    """Pixels in box (x0, y0, x1, y1) that are not the background."""
    return count(img.crop(box), lambda p: p != BG)


def braille(t, tmp):
    """U+28FF (all eight dots) draws a glyph and U+2800 (no dots) draws
    nothing: real braille glyphs, not the font's missing-glyph box, which
    would look the same for both."""
    full = os.path.join(tmp, "full.ansi")
    empty = os.path.join(tmp, "blank.ansi")
    write(full, "\u28ff\u28ff\u28ff\n")
    write(empty, "\u2800\u2800\u2800x\n")
    r1, e1, p1 = render(t, tmp, "full", full)
    r2, e2, p2 = render(t, tmp, "blank", empty)
    if not t.ok(r1 == 0 and r2 == 0, "braille panes render",
                "%s %s" % (e1, e2)):
        return
    a, b = Image.open(p1), Image.open(p2)
    cw = 8.4
    box = (8, 8, int(8 + 3 * cw), 26)
    t.ok(lit(a, box) >= 20 and lit(b, box) == 0,
         "braille sparkline cells draw dots, the empty pattern draws none",
         "full %d, empty %d lit pixels" % (lit(a, box), lit(b, box)))


def wide(t, tmp):
    """A double-width character takes two cells: the green x after it
    lands in the third cell, not the second."""
    pane = os.path.join(tmp, "wide.ansi")
    write(pane, "\u4e2d\x1b[32mx\x1b[0m\n")
    rc, err, png = render(t, tmp, "wide", pane)
    if not t.ok(rc == 0, "a pane with a wide character renders", err):
        return
    img = Image.open(png)
    cw = img.size[0] and (img.size[0] - 16) / 80.0

    def green(x0, x1):
        return count(img.crop((int(x0), 8, int(x1), 26)),
                     lambda p: p[1] >= 150 and p[0] <= 60 and p[2] <= 60)
    t.ok(green(8 + cw, 8 + 2 * cw - 1) == 0 and
         green(8 + 2 * cw, 8 + 3 * cw) >= 5,
         "the cell after a double-width character is column 3",
         "green in col 2: %d, col 3: %d" % (green(8 + cw, 8 + 2 * cw - 1),
                                            green(8 + 2 * cw, 8 + 3 * cw)))


def refused(t, tmp, name, text, want_err, desc):
    pane = os.path.join(tmp, name + ".ansi")
    if text is not None:
        write(pane, text)
    rc, err, png = render(t, tmp, name, pane)
    t.ok(rc == 1 and want_err in err and not os.path.exists(png),
         desc + ": exit 1, says '%s', no PNG" % want_err,
         "exit %d, stderr %r, PNG %s" % (rc, err, os.path.exists(png)))


def main():
    t = Tap()
    if not os.access(PYTHON, os.X_OK):
        t.bail("%s not found (the scripts' interpreter)" % PYTHON)
    with Scratch() as tmp:
        img = good_pane(t, tmp)
        titled(t, tmp, img)
        braille(t, tmp)
        wide(t, tmp)
        refused(t, tmp, "empty", "\n\n\n", "empty pane", "blank pane")
        refused(t, tmp, "missing", None, "No such file", "missing pane")
        refused(t, tmp, "badcolour", "x\x1b[38;2;1;2my\n",
                "bad extended colour", "truncated 24-bit colour")
        refused(t, tmp, "unterminated", "x\x1b]0;title\n",
                "unterminated escape", "unterminated escape sequence")
        rc, _, err = run([PYTHON, A2P])
        t.ok(rc == 2 and "usage" in err, "no arguments: usage, exit 2",
             "exit %d: %s" % (rc, err))
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
