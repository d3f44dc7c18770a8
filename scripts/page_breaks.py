#!/usr/bin/env python3
"""Do baocao's PDF and LibreOffice's layout of the same DOCX break pages at the same place?

    python3 scripts/page_breaks.py out/bao-cao-2028-H1-dang.docx out/bao-cao-2028-H1-dang.pdf

Converts the DOCX with `soffice --headless --convert-to pdf` (LibreOffice stands in for Word),
reads the words of every page of both PDFs with `pdftotext`, and for each page of baocao's PDF
finds where its first words are in the DOCX's paragraphs and where LibreOffice's page of the same
number starts. A page "breaks on the same paragraph" when both pages start in the same paragraph
of the DOCX, and "on the same line" when both start with the same words. Needs LibreOffice and
poppler-utils; nothing else.
"""

import html
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FIRST_WORDS = 6


def words(text):
    return re.sub(r"[\u00a0\u2060]", " ", text).split()


def pages(pdf):
    """Each page's words in reading order (the page number at the top left out), and the first
    row number (STT) in the leftmost 25 mm of the text when the page holds a table."""
    out = []
    bbox = subprocess.run(
        ["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    for page in bbox.split("<page ")[1:]:
        found = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            page,
        )
        placed = sorted((round(float(y1)), float(x0), html.unescape(w)) for x0, _, y1, w in found)
        if placed and placed[0][2].isdigit() and placed[0][0] < 72:
            placed = placed[1:]  # the page number in the top margin
        left = min((x for _, x, _ in placed), default=0)
        rows = [w for _, x, w in placed if x < left + 25 / 25.4 * 72 and w.isdigit()]
        out.append((words(" ".join(w for _, _, w in placed)), rows[0] if rows else None))
    return out


def paragraphs(docx):
    """The DOCX's words, each with the index of its paragraph (document order, tables too)."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    tagged = []
    for n, par in enumerate(re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)):
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", par))
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        tagged.extend((w, n) for w in words(text))
    return tagged


def locate(tagged, start_words, after):
    """Index in `tagged` where `start_words` begin, searching from `after` on."""
    k = len(start_words)
    for i in range(after, len(tagged) - k + 1):
        if all(tagged[i + j][0] == start_words[j] for j in range(k)):
            return i
    return None


def starts(tagged, pdf_pages):
    """For each page from the second: (paragraph index or None, first words)."""
    found, at = [], 0
    for page, _ in pdf_pages[1:]:
        first = page[:FIRST_WORDS]
        i = locate(tagged, first, at)
        if i is None:
            found.append((None, first))
        else:
            found.append((tagged[i][1], first))
            at = i
    return found


def main():
    docx, pdf = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, docx],
            capture_output=True,
            check=True,
        )
        office = pages(str(Path(tmp) / (Path(docx).stem + ".pdf")))
    ours = pages(pdf)
    tagged = paragraphs(docx)
    a, b = starts(tagged, ours), starts(tagged, office)
    appendix = next(
        (n for n, (w, _) in enumerate(ours) if w[:2] == ["PHỤ", "LỤC"]), len(ours)
    )
    same_par = same_line = same_row = body = table = 0
    for n, ((pa, wa), (pb, wb)) in enumerate(zip(a, b), start=2):
        if n - 1 > appendix:
            # A table page: the same first row (STT) in both, after the repeated header.
            ra, rb = ours[n - 1][1], office[n - 1][1]
            if ra is None and rb is None:
                continue
            table += 1
            same_row += ra == rb
            mark = "=" if ra == rb else "≠"
            print(f"page {n:3} {mark} baocao: row {ra} | LibreOffice: row {rb}")
            continue
        body += 1
        line = wa == wb
        par = line or (pa is not None and pa == pb)
        same_par += par
        same_line += line
        mark = "=" if line else ("~" if par else "≠")
        print(f"page {n:3} {mark} baocao: {' '.join(wa)[:40]:40} | LibreOffice: {' '.join(wb)[:40]}")
    print(
        f"{Path(docx).name}: pages {len(ours)} (baocao) / {len(office)} (LibreOffice); "
        f"text pages: of {body} breaks, {same_par} on the same paragraph, {same_line} on the same "
        f"line; table pages: {same_row} of {table} start with the same row"
    )


if __name__ == "__main__":
    main()
