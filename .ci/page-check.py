"""Checks one rendered page: the screenshot is not blank, and Arabic text is drawn with an Arabic font.

Usage: python3 page-check.py PAGE.html SHOT.png PRINT.pdf. Prints one line; exits 1 on a problem.
No third-party modules: the PNG is decoded with zlib, fonts are listed with poppler's pdffonts.
"""
import re
import subprocess
import sys
import zlib


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
            depth, ctype, interlace = body[8], body[9], body[12]
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("unsupported PNG format")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    page, shot, pdf = sys.argv[1:4]
    problems = []
    try:
        width, height, bpp, rows = png_pixels(shot)
        dark = sum(1 for row in rows[::4] for x in range(0, width * bpp, bpp * 4) if min(row[x:x + 3]) < 160)
        if dark < 200:
            problems.append(f"blank page ({dark} dark samples in the screenshot)")
    except (OSError, ValueError, zlib.error) as e:
        problems.append(f"no usable screenshot: {e}")
    html = open(page, encoding="utf-8").read()
    has_arabic = re.search("[\u0600-\u06ff]", re.sub(r"<style>.*?</style>", "", html, flags=re.S)) is not None
    try:
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
        names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
        if has_arabic and not any("Arab" in n or "Amiri" in n or "Naskh" in n for n in names):
            problems.append("Arabic text but no Arabic font in the printed page (missing glyphs): " + ", ".join(names))
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        if has_arabic and not re.search("[\u0600-\u06ff\ufe70-\ufeff]", text):
            problems.append("Arabic text did not survive printing")
    except (OSError, subprocess.CalledProcessError) as e:
        problems.append(f"no usable PDF: {e}")
    if problems:
        print(f"{page}: " + "; ".join(problems))
        sys.exit(1)
    print(f"{page}: ok ({shot})")


main()
