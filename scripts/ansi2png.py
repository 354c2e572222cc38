#!/usr/bin/python3
"""Render a tmux pane captured with `tmux capture-pane -e -p` to a PNG.

The capture (text with SGR escape sequences: 16, 256 and 24-bit colours,
bold, reverse, underline) is played into pyte, a maintained VT100 terminal
emulator, which handles wide characters and the cursor the way a terminal
does; each cell is then drawn with DejaVu Sans Mono.  Glyphs the monospace
font lacks (the braille cells of rustnet's RX/TX sparklines) come from
DejaVu Sans, centred in their cell, so the traffic graph shows.

usage: ansi2png.py PANE.ansi OUT.png [--title TEXT]
"""
import argparse
import re
import sys

import pyte
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
FONT = FONT_DIR + "DejaVuSansMono.ttf"
FONT_BOLD = FONT_DIR + "DejaVuSansMono-Bold.ttf"
# fallback for code points the monospace font has no glyph for (braille)
FONT_FALLBACK = FONT_DIR + "DejaVuSans.ttf"
SIZE = 14

# xterm's default 16-colour palette, under pyte's colour names
NAMES = ["black", "red", "green", "brown", "blue", "magenta", "cyan", "white"]
BASE16 = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]
PALETTE = dict(zip(NAMES, BASE16[:8]))
PALETTE.update(("bright" + n, c) for n, c in zip(NAMES, BASE16[8:]))
DEFAULT_FG = (229, 229, 229)
DEFAULT_BG = (24, 24, 24)

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
# every escape a tmux capture holds: CSI, OSC ended by BEL or ST, charset
ANY_ESC = re.compile(r"\x1b(\[[0-9;:?]*[A-Za-z]|\][^\x07\x1b]*(\x07|\x1b\\)"
                     r"|[()][A-Z0-9])")


def validate(text):
    """Refuse what a terminal would garble silently: a truncated extended
    colour and an escape that never ends."""
    for m in SGR.finditer(text):
        codes = [int(p) if p else 0 for p in re.split(r"[;:]", m.group(1))]
        i = 0
        while i < len(codes):
            if codes[i] in (38, 48):
                kind = codes[i + 1] if i + 1 < len(codes) else None
                need = {5: 3, 2: 5}.get(kind)
                if need is None or i + need > len(codes):
                    raise ValueError("bad extended colour: %r" % m.group(1))
                i += need
            else:
                i += 1
    rest = ANY_ESC.sub("", text)
    pos = rest.find("\x1b")
    if pos >= 0:
        line = rest.count("\n", 0, pos) + 1
        raise ValueError("unterminated escape on line %d" % line)


def emulate(text):
    """Play the capture into a pyte screen sized to it; return the screen,
    or None for a pane with nothing on it."""
    lines = text.replace("\r", "").split("\n")
    plain = [ANY_ESC.sub("", ln) for ln in lines]
    while plain and not plain[-1].strip():
        plain.pop()
    if not plain:
        return None
    lines = lines[:len(plain)]
    cols = max([sum(max(pyte.screens.wcwidth(c), 0) for c in ln)
                for ln in plain] + [80])
    screen = pyte.Screen(cols, len(lines))
    stream = pyte.Stream(screen)
    stream.feed("\r\n".join(lines))
    return screen


def colour(name, default):
    if name == "default":
        return default
    if name in PALETTE:
        return PALETTE[name]
    if re.fullmatch(r"[0-9a-fA-F]{6}", name):
        return tuple(int(name[i:i + 2], 16) for i in (0, 2, 4))
    return default


def cell_colours(c):
    fg = colour(c.fg, DEFAULT_FG)
    bg = colour(c.bg, DEFAULT_BG)
    if c.bold and c.fg in NAMES:
        fg = PALETTE["bright" + c.fg]
    if c.reverse:
        fg, bg = bg, fg
    return fg, bg


class Fonts:
    def __init__(self):
        self.regular = ImageFont.truetype(FONT, SIZE)
        self.bold = ImageFont.truetype(FONT_BOLD, SIZE)
        self.fallback = ImageFont.truetype(FONT_FALLBACK, SIZE)
        self.mono_has = set(TTFont(FONT).getBestCmap())
        self.fallback_has = set(TTFont(FONT_FALLBACK).getBestCmap())

    def pick(self, ch, bold):
        cp = ord(ch[0])
        if cp not in self.mono_has and cp in self.fallback_has:
            return self.fallback, True
        return (self.bold if bold else self.regular), False


def render(screen, title=None):
    fonts = Fonts()
    cw = fonts.regular.getlength("M")
    ch = SIZE + 4
    pad = 8
    head = ch + 6 if title else 0
    w = int(screen.columns * cw) + 2 * pad
    h = screen.lines * ch + 2 * pad + head
    img = Image.new("RGB", (w, h), DEFAULT_BG)
    d = ImageDraw.Draw(img)
    if title:
        d.rectangle([0, 0, w, head - 2], fill=(60, 60, 60))
        d.text((pad, 3), title, font=fonts.bold, fill=(255, 255, 255))
    for y in range(screen.lines):
        row = screen.buffer[y]
        for x in range(screen.columns):
            c = row[x]
            if c.data == "":
                continue	# right half of a wide character
            width = 2 if pyte.screens.wcwidth(c.data[0]) == 2 else 1
            fg, bg = cell_colours(c)
            px = pad + x * cw
            py = pad + head + y * ch
            if bg != DEFAULT_BG:
                d.rectangle([px, py, px + width * cw, py + ch], fill=bg)
            if c.data != " ":
                font, centred = fonts.pick(c.data, c.bold)
                tx = px
                if centred:
                    tx = px + (width * cw - font.getlength(c.data)) / 2
                d.text((tx, py + 1), c.data, font=font, fill=fg)
            if c.underscore:
                d.line([px, py + ch - 2, px + width * cw, py + ch - 2],
                       fill=fg)
    return img


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pane")
    ap.add_argument("png")
    ap.add_argument("--title")
    a = ap.parse_args()
    try:
        with open(a.pane, encoding="utf-8", errors="replace") as f:
            text = f.read()
        validate(text)
    except (OSError, ValueError) as e:
        print("ansi2png: %s: %s" % (a.pane, e), file=sys.stderr)
        return 1
    screen = emulate(text)
    if screen is None:
        print("ansi2png: %s: empty pane" % a.pane, file=sys.stderr)
        return 1
    render(screen, a.title).save(a.png, optimize=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
