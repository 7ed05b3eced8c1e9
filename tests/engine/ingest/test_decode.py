"""decode_bytes: UTF-8 first, Western single-byte text read right, binary and empty refused."""

from __future__ import annotations

import codecs

import pytest

from corpus_reader.index.ingest.decode import UndecodableError, decode_bytes

FRENCH = "Le président a déclaré à la presse que la réunion à l'Élysée était très importante."
FRENCH_SHORT = "Voilà, ça a été déjà réglé."
GERMAN = "Die Größe der Straße ist für Fußgänger gefährlich, sagt Müller."
SPANISH = "¿Qué pasó? El niño comió piña en España."
CP1252_QUOTES = "« Ça va ? » – il a dit “oui”, puis… “non” : l’œuvre coûte 5 €."


def test_utf8() -> None:
    assert decode_bytes(FRENCH.encode("utf-8")) == FRENCH


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_is_stripped(bom: bytes, codec: str) -> None:
    assert decode_bytes(bom + FRENCH.encode(codec)) == FRENCH


@pytest.mark.parametrize("text", [FRENCH, FRENCH_SHORT, GERMAN, SPANISH, "àé"])
def test_latin1(text: str) -> None:
    assert decode_bytes(text.encode("latin-1")) == text


@pytest.mark.parametrize("text", [CP1252_QUOTES, FRENCH, "“Oui”", SPANISH])
def test_cp1252(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == text


def test_cp1252_curly_quotes_bytes() -> None:
    assert decode_bytes(b"Il a dit \x93bonjour\x94 \xe0 l\x92\xe9quipe.") == (
        "Il a dit “bonjour” à l’équipe."
    )


def test_latin1_with_a_stray_c1_byte() -> None:
    data = (FRENCH * 3).encode("latin-1") + b"\x81"
    assert decode_bytes(data) == FRENCH * 3 + "\x81"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Привет, как дела? Это тестовый текст на русском языке для проверки.", "cp1251"),
        ("Zażółć gęślą jaźń. Polski tekst jest trudny do rozpoznania.", "cp1250"),
    ],
)
def test_other_code_pages_are_not_taken_for_cp1252(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n ", "empty file"),
        (codecs.BOM_UTF8, "empty file"),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty file"),
        ("\u00a0\n".encode(), "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"text with a NUL\x00 byte", "binary file"),
        (bytes(range(1, 9)) * 10 + b"some words", "binary file"),
    ],
)
def test_refused(data: bytes, reason: str) -> None:
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert str(info.value) == reason


def test_undecodable_error_is_a_value_error() -> None:
    assert issubclass(UndecodableError, ValueError)


def test_a_few_escape_bytes_are_still_text() -> None:
    assert decode_bytes(b"\x1b[31mred\x1b[0m alert") == "\x1b[31mred\x1b[0m alert"
