"""Pure rendering helpers: cleaning keeps highlight spans on their words; snippets are cut."""

from __future__ import annotations

from datetime import date

from corpus_reader.index import Hit, Snippet
from corpus_reader.tui.display.safe_text import clean_with_spans, marked
from corpus_reader.tui.widgets.results_list import hit_prompt, snippet_window


def test_clean_text_keeps_spans_on_the_same_words() -> None:
    text = "a \x1b[31mred\x1b[0m word and \u202eevil\u202c end"
    spans = [
        (text.index("red"), text.index("red") + 3),
        (text.index("evil"), text.index("evil") + 4),
    ]
    cleaned, moved = clean_with_spans(text, spans)
    assert cleaned == "a red word and evil end"
    assert [cleaned[s:e] for s, e in moved] == ["red", "evil"]


def test_clean_text_drops_spans_that_become_empty_or_fall_outside() -> None:
    cleaned, moved = clean_with_spans("x\x1b[1my", [(1, 5), (3, 99), (7, 2)])
    assert cleaned == "xy"
    assert moved == [(1, 2)]  # the first span held only the escape sequence


def test_clean_text_newlines_and_nul_keep_alignment() -> None:
    text = "a\r\nb\rc\x00d"
    cleaned, moved = clean_with_spans(text, [(3, 4), (5, 6), (7, 8)])
    assert cleaned == "a\nb\nc\ufffdd"
    assert [cleaned[s:e] for s, e in moved] == ["b", "c", "d"]


def test_marked_never_reads_markup() -> None:
    content = marked("[bold]not markup[/bold]", [(6, 9)], mark="bold")
    assert content.plain == "[bold]not markup[/bold]"
    assert [(span.start, span.end) for span in content.spans] == [(6, 9)]


def test_snippet_window_keeps_the_first_match_and_moves_its_span() -> None:
    words = " ".join(f"w{i:03d}" for i in range(80))  # 80 words of 4 letters
    start = words.index("w060")
    snippet = Snippet(words, ((start, start + 4),))
    cut = snippet_window(snippet, 60)
    assert len(cut.text) <= 62
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert [cut.text[s:e] for s, e in cut.highlights] == ["w060"]


def test_short_snippets_are_left_alone() -> None:
    snippet = Snippet("short text", ((0, 5),))
    assert snippet_window(snippet, 60) is snippet


def test_hit_prompt_has_title_meta_and_marked_snippet() -> None:
    hit = Hit(
        id="a.txt",
        title="[b]Title[/b]",
        published=date(2022, 3, 7),
        source="example.com",
        url=None,
        score=1.0,
        snippet=Snippet("one Macron two", ((4, 10),)),
    )
    prompt = hit_prompt(hit, 200)
    assert prompt.plain == "[b]Title[/b]\n2022-03-07 · example.com\none Macron two"
    marked_text = {prompt.plain[s.start : s.end] for s in prompt.spans if "warning" in str(s.style)}
    assert marked_text == {"Macron"}
