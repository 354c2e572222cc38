#!/usr/bin/python3
"""Render a tmux pane captured with `tmux capture-pane -e -p` to a PNG.

The capture holds the pane's text with SGR escape sequences (16, 256 and
24-bit colours, bold, reverse, underline).  We draw it cell by cell with a
monospace font, so the screenshot shows exactly what the TUI showed.

usage: ansi2png.py PANE.ansi OUT.png [--title TEXT]
"""
import argparse
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 14

# xterm's default 16-colour palette
BASE16 = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]
DEFAULT_FG = (229, 229, 229)
DEFAULT_BG = (24, 24, 24)

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
OTHER_ESC = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[()][A-Z0-9])")


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = False
        self.reverse = False
        self.underline = False

    def copy(self):
        s = Style()
        s.__dict__.update(self.__dict__)
        return s

    def apply(self, params):
        codes = [int(p) if p else 0 for p in re.split(r"[;:]", params)] \
            if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 22:
                self.bold = False
            elif c == 4:
                self.underline = True
            elif c == 24:
                self.underline = False
            elif c == 7:
                self.reverse = True
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = BASE16[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASE16[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = BASE16[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASE16[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    col = xterm256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    col = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    raise ValueError("bad extended colour: %r" % params)
                if c == 38:
                    self.fg = col
                else:
                    self.bg = col
            i += 1

    def colours(self):
        fg = self.fg or DEFAULT_FG
        bg = self.bg or DEFAULT_BG
        if self.bold and self.fg in BASE16[:8]:
            fg = BASE16[BASE16.index(self.fg) + 8]
        if self.reverse:
            fg, bg = bg, fg
        return fg, bg


def parse(text):
    """Return rows of (char, Style) cells."""
    rows = []
    style = Style()
    for line in text.split("\n"):
        cells = []
        pos = 0
        while pos < len(line):
            m = SGR.match(line, pos)
            if m:
                style.apply(m.group(1))
                pos = m.end()
                continue
            m = OTHER_ESC.match(line, pos)
            if m:
                pos = m.end()
                continue
            ch = line[pos]
            if ch == "\x1b":
                raise ValueError("unterminated escape at column %d" % pos)
            if ch != "\r":
                cells.append((ch, style.copy()))
            pos += 1
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def render(rows, title=None):
    font = ImageFont.truetype(FONT, SIZE)
    bold = ImageFont.truetype(FONT_BOLD, SIZE)
    cw = font.getlength("M")
    ch = SIZE + 4
    cols = max([len(r) for r in rows] + [80])
    pad = 8
    head = ch + 6 if title else 0
    w = int(cols * cw) + 2 * pad
    h = len(rows) * ch + 2 * pad + head
    img = Image.new("RGB", (w, h), DEFAULT_BG)
    d = ImageDraw.Draw(img)
    if title:
        d.rectangle([0, 0, w, head - 2], fill=(60, 60, 60))
        d.text((pad, 3), title, font=bold, fill=(255, 255, 255))
    for y, row in enumerate(rows):
        for x, (c, st) in enumerate(row):
            fg, bg = st.colours()
            px = pad + x * cw
            py = pad + head + y * ch
            if bg != DEFAULT_BG:
                d.rectangle([px, py, px + cw, py + ch], fill=bg)
            if c != " ":
                d.text((px, py + 1), c, font=bold if st.bold else font,
                       fill=fg)
            if st.underline:
                d.line([px, py + ch - 2, px + cw, py + ch - 2], fill=fg)
    return img


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pane")
    ap.add_argument("png")
    ap.add_argument("--title")
    a = ap.parse_args()
    try:
        with open(a.pane, encoding="utf-8", errors="replace") as f:
            rows = parse(f.read())
    except (OSError, ValueError) as e:
        print("ansi2png: %s: %s" % (a.pane, e), file=sys.stderr)
        return 1
    if not rows:
        print("ansi2png: %s: empty pane" % a.pane, file=sys.stderr)
        return 1
    render(rows, a.title).save(a.png, optimize=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
