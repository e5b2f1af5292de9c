#!/usr/bin/env python3
"""生成内置的中文后备字体子集（GBK 字符集 + 常用标点符号）。

Build the bundled CJK fallback font: a subset of the Simplified Chinese face
of Noto Sans CJK (``NotoSansCJK-Regular.ttc``) that covers

* printable ASCII and the Latin-1 Supplement (U+00A0-U+00FF: punctuation,
  × ÷ ± · etc.),
* every character that decodes from the GBK two-byte range
  (lead byte 0x81-0xFE, trail byte 0x40-0xFE except 0x7F), i.e. all of
  GB2312 + GBK: ~21,000 CJK ideographs plus the GBK symbols,
* General Punctuation (U+2000-U+206F), CJK Symbols and Punctuation
  (U+3000-U+303F), Halfwidth and Fullwidth Forms (U+FF00-U+FFEF),
* arrows, mathematical operators, enclosed alphanumerics (①-⑳ ...), box
  drawing, geometric shapes (■□▲△●○◆◇), misc symbols (★☆) and dingbats
  (✓ ✗ ✔ ✘) -- whatever of these the font actually has.

Code points the font does not map are silently skipped by fontTools.

The output is a single-face OpenType font with CFF outlines, no hinting,
no OpenType layout features (egui does not do complex shaping for Chinese),
and no vertical-layout / baseline tables.

Requirements: ``pip install fonttools`` (tested with fontTools 4.68).

Usage::

    python3 scripts/subset_font.py <NotoSansCJK-Regular.ttc> assets/fonts/NotoSansSC-GBK.otf

The .ttc comes from the Debian package ``fonts-noto-cjk``; it can be fetched
without installing it system-wide::

    apt-get download fonts-noto-cjk
    dpkg-deb -x fonts-noto-cjk_*.deb out
    # -> out/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

import argparse
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

# Family name (name ID 1) of the face we want from the collection.
WANTED_FAMILY = "Noto Sans CJK SC"


def find_sc_face(ttc_path):
    """Return the index of the 'Noto Sans CJK SC' face, read from the name table.

    The order of faces inside the collection is not relied upon.
    """
    collection = TTCollection(ttc_path, lazy=True)
    try:
        for index, face in enumerate(collection.fonts):
            family = face["name"].getDebugName(1)
            if family == WANTED_FAMILY:
                return index, family, face["name"].getDebugName(6)
    finally:
        collection.close()
    sys.exit(f"error: no face with family name {WANTED_FAMILY!r} in {ttc_path}")


def gbk_chars():
    """Every character obtained by decoding a GBK two-byte sequence."""
    chars = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                text = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            # Python maps a few GBK cells to Private Use Area code points;
            # those carry no glyph in Noto and are skipped by the subsetter.
            if len(text) == 1:
                chars.add(ord(text))
    return chars


def wanted_codepoints():
    cps = set()
    cps.update(range(0x20, 0x7F))  # printable ASCII
    cps.update(range(0xA0, 0x100))  # Latin-1 Supplement (punctuation, × ÷ ± ·)
    cps.update(gbk_chars())
    ranges = [
        (0x2000, 0x206F),  # General Punctuation: “ ” ‘ ’ — … ‰ ※
        (0x2100, 0x214F),  # Letterlike Symbols: ℃ № ™
        (0x2150, 0x218F),  # Number Forms: Ⅰ Ⅱ Ⅲ ⅰ
        (0x2190, 0x21FF),  # Arrows: ← → ↑ ↓
        (0x2200, 0x22FF),  # Mathematical Operators: √ ∞ ≈ ≠ ≤ ≥
        (0x2460, 0x24FF),  # Enclosed Alphanumerics: ①-⑳ ⑴ ⒈
        (0x2500, 0x257F),  # Box Drawing
        (0x25A0, 0x25FF),  # Geometric Shapes: ■ □ ▲ △ ● ○ ◆ ◇
        (0x2600, 0x26FF),  # Miscellaneous Symbols: ★ ☆
        (0x2700, 0x27BF),  # Dingbats: ✓ ✗ ✔ ✘ (only those present)
        (0x3000, 0x303F),  # CJK Symbols and Punctuation: 、。《》「」【】
        (0x3200, 0x32FF),  # Enclosed CJK Letters and Months: ㈠ ㊣
        (0xFE30, 0xFE4F),  # CJK Compatibility Forms
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms: ，！？（）
        (0xFFFD, 0xFFFD),  # replacement character
    ]
    for first, last in ranges:
        cps.update(range(first, last + 1))
    # Explicitly named in the spec; already inside the ranges above.
    cps.update(ord(c) for c in "√×÷±✓✗✔✘■□▲△●○◆◇★☆")
    return cps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ttc", help="path to NotoSansCJK-Regular.ttc")
    parser.add_argument("output", help="output font path, e.g. assets/fonts/NotoSansSC-GBK.otf")
    args = parser.parse_args()

    index, family, psname = find_sc_face(args.ttc)
    print(f"using face #{index}: {family} ({psname})")

    options = subset.Options()
    options.hinting = False  # --no-hinting: drop CFF hints / hinting tables
    options.layout_features = []  # no GSUB/GPOS features
    options.layout_closure = False
    options.notdef_outline = True  # keep a visible .notdef box
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]  # keep copyright + licence
    options.name_languages = [0x0409]  # English (US) names only
    options.name_legacy = False
    options.glyph_names = False  # CFF glyph names are not needed
    options.legacy_kern = False
    options.symbol_cmap = False
    options.prune_unicode_ranges = True
    # Tables that fontTools would keep but egui does not use.
    options.drop_tables += [
        "BASE",  # baseline table
        "GDEF", "GPOS", "GSUB",  # OpenType layout (features are dropped anyway)
        "VORG", "vhea", "vmtx",  # vertical layout
        "DSIG", "meta", "STAT",
    ]

    font = TTFont(args.ttc, fontNumber=index, lazy=False)
    cmap = font.getBestCmap()
    unicodes = sorted(cp for cp in wanted_codepoints() if cp in cmap)

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)

    flavour = "CFF" if "CFF " in font else "TrueType (glyf)"
    # Keep head.modified from the source font so that reruns are byte-identical.
    font.recalcTimestamp = False
    font.save(args.output)
    font.close()

    out = TTFont(args.output)
    print(
        f"wrote {args.output}: {flavour}, {len(out.getBestCmap())} cmap entries, "
        f"{out['maxp'].numGlyphs} glyphs, tables: {' '.join(sorted(out.keys()))}"
    )


if __name__ == "__main__":
    main()
