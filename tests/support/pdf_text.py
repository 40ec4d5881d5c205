"""Reading the text layer of the PDFs Qt writes, without poppler: each page's glyph codes (`<XXXX> Tj`) mapped
to Unicode through the fonts' ToUnicode CMaps. Enough for Qt's own output, not a general PDF parser."""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
#: the stream's bytes up to "endstream", the end-of-line before it included: stripping an optional "\r?\n" there
#: ate a compressed stream's last byte whenever it happened to be "\r" (a 1-in-256 flaky failure); zlib's
#: decompressobj ignores what follows the compressed data
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def _streams(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    out = {}
    for m in _OBJ.finditer(data):
        body = m.group(2)
        s = _STREAM.search(body)
        raw = s.group(1) if s else b""
        if s and b"/FlateDecode" in body[: s.start()]:
            raw = zlib.decompressobj().decompress(raw)
        out[int(m.group(1))] = (body[: s.start()] if s else body, raw)
    return out


def _cmap(raw: bytes) -> dict[int, str]:
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", raw, re.S):
        for a, b, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            lo, hi = int(a, 16), int(b, 16)
            if rest.startswith(b"["):
                for k, u in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", rest)):
                    table[lo + k] = bytes.fromhex(u.decode()).decode("utf-16-be")
            else:
                start = int(rest[1:-1], 16)
                for k in range(hi - lo + 1):
                    table[lo + k] = chr(start + k)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", raw, re.S):
        for a, u in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(a, 16)] = bytes.fromhex(u.decode()).decode("utf-16-be")
    return table


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def page_texts(data: bytes) -> list[str]:
    """The text of each page, glyphs concatenated (spaces between words may be missing)."""
    objs = _streams(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for head, _ in objs.values():
        for name, ref in re.findall(rb"/(F\d+)\s+(\d+) 0 R", head):
            font_head = objs.get(int(ref), (b"", b""))[0]
            descendant = re.search(rb"/ToUnicode\s+(\d+) 0 R", font_head)
            if descendant:
                fonts[name] = _cmap(objs[int(descendant.group(1))][1])
    texts = []
    for head, _ in objs.values():
        if not re.search(rb"/Type\s*/Page(?![a-zA-Z])", head):
            continue
        refs = re.search(rb"/Contents\s+(\d+) 0 R", head)
        content = objs[int(refs.group(1))][1] if refs else b""
        out, font = [], {}
        for tok in re.finditer(rb"/(F\d+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>\s*Tj", content):
            if tok.group(1):
                font = fonts.get(tok.group(1), {})
            else:
                code = tok.group(2)
                out.extend(font.get(int(code[i:i + 4], 16), "") for i in range(0, len(code), 4))
        texts.append("".join(out))
    return texts
