"""Ingest: the corpus walk, the format readers and the seeds, with exact expectations."""

from __future__ import annotations

import json
import os
import shutil
import signal
import types
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from corpus_reader.index.ingest import formats
from corpus_reader.index.ingest.read import digest, parse, read_bytes, read_file
from corpus_reader.index.ingest.titles import TITLE_MAX, derive_title, is_paragraph, title_key
from corpus_reader.index.ingest.walk import SUPPORTED_SUFFIXES, FileEntry, scan
from corpus_reader.index.models import Article, Skipped

SEEDS = Path(__file__).resolve().parents[3] / "seeds"

SEED_TITLES = {
    "000_97abde8a9f432db6.txt": "'We Are Not at War': French FM Says 'Absolutely Necessary' "
    "to Maintain Communication With Russia",
    "001_413afbb7d4f14754.txt": "France: Putin told Macron that Russian forces won’t target "
    "Ukrainian civilians",
    "002_dc3610e44bff4c5d.txt": "Putin and Macron agree on the need for a “de-escalation” in "
    "Ukraine, according to France",
    "003_7b698886cd674502.txt": "French President Emmanuel Macron is expected to hold talks with "
    "his Russian counterpart, Vladimir Putin, over a phone call on March 29",
    "004_65e64c825baad34a.txt": "Macron and Putin agree “on the need for de-escalation”",
}


def one(path: str, content: str | bytes) -> Article:
    """The single article a file yields (and nothing skipped)."""
    data = content.encode() if isinstance(content, str) else content
    read = parse(path, data)
    assert read.skipped == ()
    assert len(read.articles) == 1
    return read.articles[0]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    return corpus


@pytest.fixture
def seed_articles(seeds: Path) -> dict[str, Article]:
    entries, skipped = scan(seeds)
    assert skipped == []
    articles: dict[str, Article] = {}
    for entry in entries:
        read = read_file(seeds, entry.path)
        assert read.skipped == ()
        (article,) = read.articles
        articles[article.id] = article
    return articles


# --- the seeds ------------------------------------------------------------------------------


def test_seed_titles(seed_articles: dict[str, Article]) -> None:
    assert {k: a.title for k, a in seed_articles.items()} == SEED_TITLES


def test_seed_000_header(seed_articles: dict[str, Article]) -> None:
    article = seed_articles["000_97abde8a9f432db6.txt"]
    assert article.published == date(2022, 3, 7)
    assert article.date_source == "header"
    assert article.source == "sputniknews.com"
    assert article.url == (
        "https://sputniknews.com/20220307/we-are-not-at-war-french-fm-says-absolutely-necessary"
        "-to-maintain-communication-with-russia-1093649863.html"
    )
    assert article.path == "000_97abde8a9f432db6.txt"
    # the repeated title counts once, and the header is not part of the body
    assert article.body.startswith("PARIS (Sputnik) - It is necessary to have an open channel")
    assert "We Are Not at War" not in article.body.split("\n")[0]
    assert "sputniknews" not in article.body


def test_seeds_without_header(seed_articles: dict[str, Article]) -> None:
    for key in SEED_TITLES:
        if key != "000_97abde8a9f432db6.txt":
            article = seed_articles[key]
            assert (article.published, article.date_source) == (None, "unknown")
            assert (article.url, article.source) == (None, None)


def test_seed_001_subtitle_stays_in_body(seed_articles: dict[str, Article]) -> None:
    body = seed_articles["001_413afbb7d4f14754.txt"].body
    assert body.startswith("In latest phone call between the two leaders, Kremlin says")
    assert body.endswith("Most Popular\nread more:")


def test_seed_003_paragraph_stays_in_body(seed_articles: dict[str, Article]) -> None:
    body = seed_articles["003_7b698886cd674502.txt"].body
    assert body.startswith(
        "French President Emmanuel Macron is expected to hold talks with his Russian "
        "counterpart, Vladimir Putin, over a phone call on March 29. The development"
    )
    assert body.endswith("(Image: AP)")


def test_seed_004_repeated_title_dropped(seed_articles: dict[str, Article]) -> None:
    body = seed_articles["004_65e64c825baad34a.txt"].body
    assert body.startswith("In the midst of rising tensions on the borders of Ukraine")
    assert "de escalation" not in body


def test_seeds_are_unchanged_by_reading(seeds: Path) -> None:
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in SEEDS.iterdir()}
    scan(SEEDS)
    for name in before:
        read_file(SEEDS, name)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in SEEDS.iterdir()}
    assert after == before


# --- title rules ---------------------------------------------------------------------------


def test_title_key_ignores_quotes_hyphens_and_case() -> None:
    assert title_key("Macron and Putin agree “on the need for de-escalation”") == title_key(
        "MACRON and Putin agree on the need for de escalation"
    )
    assert title_key("Putin calls Macron") != title_key("Macron calls Putin")


def test_derive_title() -> None:
    assert derive_title("\n\nShort sentence here. Second one.\nNext line.") == (
        "Short sentence here"
    )
    assert derive_title("Why now? Because.") == "Why now?"
    long = "word " * 40 + "end."  # 204 characters: cut at the last word that fits
    assert derive_title(long) == ("word " * (TITLE_MAX // 5 - 1)).strip() + "…"
    assert len(derive_title(long)) <= TITLE_MAX
    assert derive_title(" \n ") == ""


def test_is_paragraph() -> None:
    assert not is_paragraph("A short headline.")
    assert not is_paragraph("word " * 30)  # long, but no sentence end
    assert is_paragraph("word " * 30 + "end.")
    assert is_paragraph("x" * 301)


# --- plain text -----------------------------------------------------------------------------


def test_txt_header_without_url_and_with_www(tmp_path: Path) -> None:
    article = one("a.txt", "date 2021-12-31\nTitle\n\nBody line.\n")
    assert (article.title, article.body, article.published) == (
        "Title",
        "Body line.",
        date(2021, 12, 31),
    )
    assert (article.url, article.source, article.date_source) == (None, None, "header")
    article = one("b.txt", "  date 2022-01-02 https://WWW.Example.co.uk/x?y=1\n\nT\nB")
    assert article.source == "example.co.uk"
    assert article.url == "https://WWW.Example.co.uk/x?y=1"


def test_txt_invalid_header_date(tmp_path: Path) -> None:
    article = one("a.txt", "date 2022-02-30 https://example.com/\nTitle\nBody")
    assert (article.published, article.date_source) == (None, "unknown")
    assert (article.title, article.body) == ("Title", "Body")


def test_txt_no_header_and_crlf(tmp_path: Path) -> None:
    article = one("a.txt", "\r\n\r\nA title\r\n\r\nFirst paragraph.\r\n\r\nSecond.\r\n\r\n")
    assert (article.title, article.body) == ("A title", "First paragraph.\n\nSecond.")


def test_txt_escape_sequences_are_cleaned() -> None:
    article = one("a.txt", "\x1b]0;pwned\x07Ti\x1b[31mtle\u202e\n\nBo\x9b2Jdy\x85")
    assert (article.title, article.body) == ("Title", "Body")


def test_txt_short_paragraph_title_is_kept_whole() -> None:
    article = one("a.txt", "Dr. Smith met U.S. officials. Then he left.\nBody")
    assert article.title == "Dr. Smith met U.S. officials. Then he left."
    assert article.body == "Body"


def test_txt_long_paragraph_first_sentence_skips_abbreviations() -> None:
    paragraph = (
        "Mr. Macron spoke with Mr. Putin for 90 minutes on Sunday, the Elysee said. "
        "The two leaders agreed to speak again in the coming days, and officials on "
        "both sides said the call had been frank and direct."
    )
    article = one("a.txt", paragraph + "\n\nMore.")
    assert (
        article.title == "Mr. Macron spoke with Mr. Putin for 90 minutes on Sunday, the Elysee said"
    )
    assert article.body == paragraph + "\n\nMore."


def test_txt_only_header_is_skipped() -> None:
    read = parse("a.txt", b"date 2022-01-01 https://example.com/\n\n")
    assert read.articles == ()
    assert read.skipped == (Skipped("a.txt", "no article text"),)


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_front_matter_and_heading() -> None:
    text = (
        "---\n"
        'title: "Front title"\n'
        "date: 2022-03-01T09:30:00+01:00\n"
        "url: https://www.lemonde.fr/article\n"
        "---\n"
        "\n"
        "# Macron calls Putin #\n"
        "\n"
        "Some *markdown* text.\n"
        "\n"
        "- a list item\n"
    )
    article = one("notes/a.md", text)
    assert article.title == "Macron calls Putin"
    assert article.body == "Some *markdown* text.\n\n- a list item"
    assert (article.published, article.date_source) == (date(2022, 3, 1), "metadata")
    assert (article.url, article.source) == ("https://www.lemonde.fr/article", "lemonde.fr")
    assert (article.id, article.path) == ("notes/a.md", "notes/a.md")


def test_markdown_setext_and_front_matter_title() -> None:
    article = one("a.markdown", "Intro line\n\nThe Title\n=========\n\nText.")
    assert (article.title, article.body) == ("The Title", "Intro line\n\nText.")
    article = one("b.md", "---\ntitle: From front matter\n---\nJust text, no heading.\n")
    assert (article.title, article.body) == ("From front matter", "Just text, no heading.")
    assert (article.published, article.date_source) == (None, "unknown")


def test_markdown_heading_in_code_block_is_not_the_title() -> None:
    article = one("d.md", "```bash\n# install it\n```\n\n# Real title\n\nText.")
    assert (article.title, article.body) == ("Real title", "```bash\n# install it\n```\n\nText.")


def test_markdown_without_heading_uses_first_line() -> None:
    article = one("c.md", "First line\n\n## Second-level heading\n\nText.")
    assert (article.title, article.body) == ("First line", "## Second-level heading\n\nText.")


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Macron calls Putin again | Example News</title>
<meta property="og:title" content="Macron calls Putin again">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://www.example.com/news/macron-putin">
<meta property="article:published_time" content="2022-03-06T10:00:00Z">
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
 Accept all cookies.</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Macron calls Putin again</h1>
<p>French President Emmanuel Macron spoke with Russian President Vladimir Putin on Sunday
for nearly two hours, the Elysee said in a statement.</p>
<p>The two leaders discussed the Zaporizhzhia nuclear plant and humanitarian corridors
out of Mariupol and other besieged cities.</p>
<p>Macron asked for guarantees that civilians would be protected, according to the
French presidency, which gave no sign of progress.</p>
</article></main>
<footer><p>Copyright 2022 Example News. All rights reserved. Privacy policy.</p></footer>
</body></html>
"""


def test_html_article_without_boilerplate() -> None:
    article = one("web/page.html", PAGE)
    assert article.title == "Macron calls Putin again"
    assert (article.published, article.date_source) == (date(2022, 3, 6), "metadata")
    assert article.url == "https://www.example.com/news/macron-putin"
    assert article.source == "example.com"
    assert article.body.startswith("French President Emmanuel Macron spoke with Russian")
    assert article.body.endswith("which gave no sign of progress.")
    for boilerplate in ("cookies", "Home", "Sport", "Copyright", "Privacy"):
        assert boilerplate not in article.body


def test_html_without_article_text() -> None:
    read = parse("x.htm", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert read.articles == ()
    assert read.skipped == (Skipped("x.htm", "no article text found in HTML"),)


def test_html_title_falls_back_to_title_element(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    doc = types.SimpleNamespace(
        title=None, text="Body &amp; text.", url=None, hostname=None, date=None
    )
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: doc)
    article = one("t.html", "<html><title>Caf&eacute; &amp; news</title><p>x</p></html>")
    assert (article.title, article.body) == ("Café & news", "Body &amp; text.")
    assert (article.published, article.source) == (None, None)


# --- JSON and JSON Lines --------------------------------------------------------------------


def test_json_list_ids_and_fields() -> None:
    records = [
        {
            "id": "a1",
            "title": "First",
            "text": "  Kept as is.\r\n\r\nSecond para.  ",
            "date": "2022-03-07T10:00:00Z",
            "url": "https://www.rt.com/x",
        },
        {"id": 7, "body": "Body field used. Second sentence.", "date": "March 7"},
        {"title": "No id", "text": "Third.", "source": "Reuters", "date": "2022-01-28"},
        {"id": "a1", "title": "Duplicate", "text": "Dropped."},
        ["not", "an", "object"],
        {"id": "x", "title": "No text"},
    ]
    read = parse("dir/list.json", json.dumps(records).encode())
    assert [a.id for a in read.articles] == [
        "dir/list.json#a1",
        "dir/list.json#7",
        "dir/list.json#3",
    ]
    first, second, third = read.articles
    assert first.body == "  Kept as is.\n\nSecond para.  "
    assert (first.title, first.published, first.date_source) == (
        "First",
        date(2022, 3, 7),
        "metadata",
    )
    assert (first.url, first.source, first.path) == (
        "https://www.rt.com/x",
        "rt.com",
        "dir/list.json",
    )
    assert (second.title, second.body) == ("Body field used", "Body field used. Second sentence.")
    assert (second.published, second.date_source) == (None, "unknown")
    assert (third.source, third.published) == ("Reuters", date(2022, 1, 28))
    assert read.skipped == (
        Skipped("dir/list.json", "record 4: duplicate id 'a1'"),
        Skipped("dir/list.json", "record 5: not a JSON object"),
        Skipped("dir/list.json", "record 6: no text or body field"),
    )


def test_json_single_object() -> None:
    assert one("one.json", '{"title": "T", "text": "Body."}').id == "one.json"
    assert one("two.json", '{"id": "z9", "title": "T", "text": "Body."}').id == "two.json#z9"
    read = parse("three.json", b'{"title": "T"}')
    assert read.skipped == (Skipped("three.json", "no text or body field"),)


def test_json_invalid_file() -> None:
    read = parse("bad.json", b'[\n{"text": "a"},\n]')
    assert read.articles == ()
    assert read.skipped == (Skipped("bad.json", "line 3: invalid JSON (Expecting value)"),)
    read = parse("scalar.json", b"42")
    assert read.skipped == (
        Skipped("scalar.json", "JSON is neither a record nor a list of records"),
    )


def test_jsonl_malformed_line_skips_only_that_line() -> None:
    lines = [
        '{"id": "r1", "title": "One", "text": "First."}',
        "",
        "{not json",
        '{"title": "Three", "text": "Third."}',
        '{"title": "No body"}',
        '"a string"',
    ]
    read = parse("feed.jsonl", "\n".join(lines).encode())
    assert [(a.id, a.title, a.body) for a in read.articles] == [
        ("feed.jsonl#r1", "One", "First."),
        ("feed.jsonl#4", "Three", "Third."),
    ]
    assert read.skipped == (
        Skipped(
            "feed.jsonl", "line 3: invalid JSON (Expecting property name enclosed in double quotes)"
        ),
        Skipped("feed.jsonl", "line 5: no text or body field"),
        Skipped("feed.jsonl", "line 6: not a JSON object"),
    )


# --- decoding through parse -----------------------------------------------------------------


def test_latin1_and_cp1252_files() -> None:
    text = "L’Élysée a déclaré\n\nLe président a parlé à M. Poutine “très longtemps”."
    article = one("fr.txt", text.encode("cp1252"))
    assert (article.title, article.body) == (
        "L’Élysée a déclaré",
        "Le président a parlé à M. Poutine “très longtemps”.",
    )
    article = one("fr1.txt", "Été à Genève\n\nÇa a été déjà réglé.".encode("latin-1"))
    assert (article.title, article.body) == ("Été à Genève", "Ça a été déjà réglé.")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b" \n\n \t\n", "empty file"),
        ("empty.jsonl", b"\n\n", "empty file"),
        ("doc.pdf", b"%PDF-1.4", "unsupported file type (.pdf)"),
    ],
)
def test_unreadable_content_is_skipped(name: str, data: bytes, reason: str) -> None:
    read = parse(name, data)
    assert read.articles == ()
    assert read.skipped == (Skipped(name, reason),)
    assert read.digest == digest(data)


def test_digest() -> None:
    assert digest(b"") == "cae66941d9efbd404e4d88758ea67670"
    assert digest(b"abc") == "cf4ab791c62b8d2b2109c90275287816"


def test_a_reader_crash_becomes_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(path: str, text: str) -> formats.Parsed:
        raise RuntimeError("bug")

    monkeypatch.setitem(formats.READERS, ".txt", boom)
    read = parse("a.txt", b"Title\nBody")
    assert read.skipped == (Skipped("a.txt", "could not be read (RuntimeError)"),)


# --- the corpus walk ------------------------------------------------------------------------


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging forever if something blocks (a FIFO opened for reading)."""

    def timeout(signum: int, frame: object) -> None:
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_scan(tmp_path: Path, alarm: None) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text("Title\nBody")
    (root / ".dotfile.txt").write_text("Title\nBody")
    (root / "a.txt").write_text("Title\nBody")
    (root / "B.TXT").write_text("Upper\nCase")
    (root / "b" / "deep" / "c.jsonl").write_text('{"text": "x"}\n')
    (root / "b" / "page.HTM").write_text(PAGE)
    (root / "notes.pdf").write_bytes(b"%PDF")
    (root / "README").write_text("no suffix")
    os.mkfifo(root / "pipe.txt")
    (root / "link.md").symlink_to(root / "a.txt")
    (root / "dirlink").symlink_to(root / "b", target_is_directory=True)
    (tmp_path / "outside.txt").write_text("Outside\nBody")
    (root / "out.txt").symlink_to(tmp_path / "outside.txt")
    (root / "broken.txt").symlink_to(root / "missing.txt")

    entries, skipped = scan(root)

    assert [e.path for e in entries] == [
        "B.TXT",
        "a.txt",
        "b/deep/c.jsonl",
        "b/page.HTM",
    ]
    assert entries[1] == FileEntry("a.txt", 10, (root / "a.txt").stat().st_mtime_ns)
    assert skipped == [
        Skipped("README", "unsupported file type (no extension)"),
        Skipped("broken.txt", "broken symbolic link"),
        Skipped("dirlink", "symbolic link to a folder (not followed)"),
        Skipped("link.md", "symbolic link to a file in the corpus (not followed)"),
        Skipped("notes.pdf", "unsupported file type (.pdf)"),
        Skipped("out.txt", "symbolic link to outside the corpus (not followed)"),
        Skipped("pipe.txt", "not a regular file"),
    ]
    read = read_file(root, "link.md")  # a link that replaced a file since the scan
    assert read.skipped == (Skipped("link.md", "symbolic link (not followed)"),)


def test_read_file_never_opens_a_fifo(tmp_path: Path, alarm: None) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    read = read_file(tmp_path, "pipe.txt")
    assert read == type(read)("pipe.txt", "", (), (Skipped("pipe.txt", "not a regular file"),))
    with pytest.raises(OSError):
        read_bytes(tmp_path, "pipe.txt")


def test_read_file_missing_and_folder(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    assert read_file(tmp_path, "gone.txt").skipped == (Skipped("gone.txt", "file not found"),)
    assert read_file(tmp_path, "dir.txt").skipped == (Skipped("dir.txt", "not a regular file"),)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_folder_and_file(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("T\nB")
    (tmp_path / "secret.txt").write_text("T\nB")
    (tmp_path / "locked").chmod(0)
    (tmp_path / "secret.txt").chmod(0)
    try:
        entries, skipped = scan(tmp_path)
        assert skipped == [Skipped("locked", "permission denied")]
        assert [e.path for e in entries] == ["secret.txt"]
        assert read_file(tmp_path, "secret.txt").skipped == (
            Skipped("secret.txt", "permission denied"),
        )
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_scan_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        scan(tmp_path / "nope")


def test_supported_suffixes() -> None:
    assert frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}) == (
        SUPPORTED_SUFFIXES
    )
