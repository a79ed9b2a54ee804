#!/usr/bin/env python3
"""Derive the kiosk's print fonts from Liberation Serif 2.1.5 (Debian fonts-liberation2).

Liberation Serif is metric-compatible with Times New Roman (Nghị định 30/2020). The derived
faces keep the original outlines and advance widths but only the characters a Vietnamese form
needs (Latin, Vietnamese, punctuation), and no TrueType hinting: the fonts are embedded in
every printout, so smaller faces make smaller PDFs faster. Under the SIL OFL 1.1 a modified
version may not use the Reserved Font Names (Liberation, Arimo, Tinos, Cousine), so the derived
family is called "Kiosk Serif".

Run: pip install fonttools && python3 make-fonts.py /usr/share/fonts/truetype/liberation2
"""
import sys
from fontTools import subset
from fontTools.ttLib import TTFont

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2"
UNICODES = (
    list(range(0x20, 0x7F))        # Basic Latin
    + list(range(0xA0, 0x250))     # Latin-1, Latin Extended-A/B (Đ đ Ă ă Ơ ơ Ư ư)
    + list(range(0x300, 0x370))    # combining marks
    + list(range(0x1E00, 0x1F00))  # Latin Extended Additional (ạ ả ấ … ỹ)
    + list(range(0x2000, 0x2070))  # General Punctuation (– — ‘ ’ “ ” …)
    + [0x20AB, 0x2116]             # ₫ №
)
# the print font also has the forms' checkbox (□, U+25A1: "Có □, Không □"); a ticked box is
# drawn over it as a cross
PRINT_EXTRA = [0x25A1]


def subset_font(path, unicodes):
    """Keep only `unicodes`, drop hinting, keep every name record and layout feature."""
    font = TTFont(path)
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    return font


for style in ["Regular", "Bold", "Italic"]:
    font = subset_font(f"{SRC}/LiberationSerif-{style}.ttf", UNICODES + PRINT_EXTRA)
    name = font["name"]
    for rec in name.names:
        if rec.nameID in (1, 3, 4, 6, 16, 21):
            s = rec.toUnicode().replace("Liberation Serif", "Kiosk Serif").replace("LiberationSerif", "KioskSerif")
            rec.string = s
    name.setName(
        "Kiosk Serif: Liberation Serif 2.1.5 with Latin and Vietnamese only and no hinting, "
        "made by form-kiosk's assets/fonts/make-fonts.py", 5, 3, 1, 0x409)
    font.save(f"KioskSerif-{style}.ttf")
    print(style, "ok")

# The screen font: Noto Sans (Debian fonts-noto-core, /usr/share/fonts/truetype/noto), same
# character ranges plus arrows, no hinting; Noto has no Reserved Font Name, so it keeps its name.
NOTO = "/usr/share/fonts/truetype/noto"
for style in ["Regular", "Bold"]:
    subset_font(f"{NOTO}/NotoSans-{style}.ttf", UNICODES + [0x2190, 0x2192]).save(f"NotoSans-{style}.ttf")
    print("Noto Sans", style, "ok")
