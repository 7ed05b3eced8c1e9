"""Search on the seeds, with exact expectations: matches, fields, dates, snippets, repairs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from corpus_reader.index import ArticleNotFound, Corpus
from corpus_reader.index.search import query as search

S000 = "000_97abde8a9f432db6.txt"
S001 = "001_413afbb7d4f14754.txt"
S002 = "002_dc3610e44bff4c5d.txt"
S003 = "003_7b698886cd674502.txt"
S004 = "004_65e64c825baad34a.txt"
ALL = {S000, S001, S002, S003, S004}


@pytest.fixture
def seeds(corpus: Corpus) -> Corpus:
    corpus.update()
    return corpus


def ids(corpus: Corpus, text: str, **kwargs: object) -> set[str]:
    return {hit.id for hit in corpus.search(text, **kwargs).hits}  # type: ignore[arg-type]


def test_hyphenated_word_finds_both_de_escalation_reports(seeds: Corpus) -> None:
    assert ids(seeds, "de-escalation") == {S002, S004}


def test_phrase(seeds: Corpus) -> None:
    assert ids(seeds, '"Le Drian"') == {S000, S002}
    assert ids(seeds, '"Drian Le"') == set()


def test_all_words_must_match(seeds: Corpus) -> None:
    assert ids(seeds, "Legendre") == {S003}
    assert ids(seeds, "Legendre Lavrov") == {S003}
    assert ids(seeds, "Legendre Mariupol Sumy") == set()


def test_stemming_matches_other_forms(seeds: Corpus) -> None:
    assert ids(seeds, "evacuating") == ids(seeds, "evacuation") == {S000, S003}


def test_or_and_not(seeds: Corpus) -> None:
    assert ids(seeds, "Kyiv OR Kiev") == {S000, S001, S003, S004}
    assert ids(seeds, "Kiev NOT Kyiv") == ids(seeds, "Kiev -Kyiv")
    assert ids(seeds, "Macron -Putin") == set()


def test_fields(seeds: Corpus) -> None:
    assert ids(seeds, "title:Kremlin") == set()
    assert ids(seeds, "title:civilians") == {S001}
    assert ids(seeds, "source:sputniknews.com") == {S000}
    assert ids(seeds, "source:sputniknews") == {S000}


def test_dates_in_query_and_flags(seeds: Corpus) -> None:
    # 000 has a header date; the others' dates are inferred (see test_extraction_seeds).
    assert ids(seeds, "date:2022-03-07") == {S000}
    assert ids(seeds, "date:2022-03") == {S000, S003}
    assert ids(seeds, "date:[2022-01-01 TO 2022-02-28]") == {S001, S002, S004}
    assert ids(seeds, "Macron", date_from=date(2022, 3, 1)) == {S000, S003}
    assert ids(seeds, "Macron", date_to=date(2022, 3, 6)) == {S001, S002, S004}


def test_prefix_expands_to_frequent_completions(seeds: Corpus) -> None:
    assert ids(seeds, "escal*") == {S002, S004}
    # A word still being typed is a prefix, even where the index only holds its stem.
    assert ids(seeds, "escalat", partial=True) == {S002, S004}
    assert ids(seeds, "escalat") == set()
    assert ids(seeds, "Legen", partial=True) == {S003}
    # Prefixes keep the letters typed (Whoosh would stem "elys" to "eli"), hyphens included.
    assert ids(seeds, "Elys", partial=True) == ids(seeds, "Elys*") == {S001, S002, S004}
    assert ids(seeds, "de-esc", partial=True) == {S002, S004}
    assert ids(seeds, "Le Dri", partial=True) == {S000, S002}
    # A whole word typed still finds its other forms through its stem.
    assert ids(seeds, "de-escalation", partial=True) == {S002, S004}
    assert ids(seeds, "evacuating", partial=True) == {S000, S003}


def test_marks_of_a_word_being_typed(seeds: Corpus) -> None:
    body = seeds.article(S003).body
    marked = {body[s:e] for s, e in seeds.marks(body, "Legen", partial=True)}
    assert marked == {"Legendre"}
    assert seeds.marks(body, "Legen") == ()


def test_sort_by_date_newest_first_undated_last(corpus: Corpus, seeds_copy: Path) -> None:
    (seeds_copy / "undated.txt").write_text("Macron notes\n\nMacron wrote a note.\n", "utf-8")
    corpus.update()
    hits = corpus.search("Macron", sort="date").hits
    assert [h.id for h in hits[:2]] == [S003, S000]
    assert [h.published for h in hits[:2]] == [date(2022, 3, 28), date(2022, 3, 7)]
    days = [h.published for h in hits[:-1]]
    assert None not in days and days == sorted(days, reverse=True)  # type: ignore[type-var]
    assert hits[-1].id == "undated.txt" and hits[-1].published is None


def test_empty_query_lists_every_article(seeds: Corpus) -> None:
    result = seeds.search("")
    assert result.total == 5
    assert {h.id for h in result.hits} == ALL
    assert result.hits[0].id == S003  # newest first


def test_snippet_highlights_are_the_matched_words(seeds: Corpus) -> None:
    hit = seeds.search('"Le Drian"').hits[0]
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.highlights]
    assert marked and set(marked) == {"Le Drian"}
    for hit in seeds.search("de-escalation").hits:
        marked = {hit.snippet.text[s:e].lower() for s, e in hit.snippet.highlights}
        assert marked == {"de-escalation"}
        assert "\n" not in hit.snippet.text


def test_hit_fields(seeds: Corpus) -> None:
    (hit,) = seeds.search("Sputnik").hits
    assert hit.id == S000
    assert hit.source == "sputniknews.com"
    assert hit.url is not None and hit.url.startswith("https://sputniknews.com/20220307/")
    assert hit.score > 0


@pytest.mark.parametrize(
    "text", ['"unclosed', "(Macron", "Macron)", "date:[2022", "AND", "NOT", ":", "*", "~~~", "[b]"]
)
def test_malformed_queries_never_raise(seeds: Corpus, text: str) -> None:
    result = seeds.search(text)
    assert result.total >= 0


def test_bad_date_value_is_explained_and_ignored(seeds: Corpus) -> None:
    result = seeds.search("date:yesterday Lavrov")
    assert {h.id for h in result.hits} == {S003}
    assert result.notice is not None and "date:yesterday is not a date" in result.notice


def test_query_of_stop_words_only_says_why(seeds: Corpus) -> None:
    result = seeds.search("the AND a")
    assert result.total == 0
    assert result.notice is not None and "Nothing to search for" in result.notice


def test_article_by_id_and_unique_prefix(seeds: Corpus) -> None:
    article = seeds.article("002")
    assert article.id == S002
    assert article.title.startswith("Putin and Macron agree on the need for a “de-escalation”")
    assert seeds.article(S000).published == date(2022, 3, 7)
    assert seeds.article(S000).date_source == "header"
    with pytest.raises(ArticleNotFound, match="ambiguous"):
        seeds.article("00")
    with pytest.raises(ArticleNotFound, match="no article"):
        seeds.article("999")


def test_marks_cover_every_occurrence_in_the_body(seeds: Corpus) -> None:
    body = seeds.article(S004).body
    spans = seeds.marks(body, "de-escalation")
    marked = [body[s:e].lower().replace(" ", "-") for s, e in spans]
    expected = body.lower().count("de-escalation") + body.lower().count("de escalation")
    assert marked == ["de-escalation"] * expected
    assert expected == 2


def test_a_word_being_typed_completes_from_three_letters(seeds: Corpus) -> None:
    assert search.prepare("putin ma", partial=True) == "putin ma"
    assert search.prepare("putin mac", partial=True) == "putin mac*"
    assert search.prepare("title:ma", partial=True) == "title:ma"
    assert search.prepare("title:mac", partial=True) == "title:mac*"
    assert ids(seeds, "Mac", partial=True) == ids(seeds, "Macron")
    assert ids(seeds, "Ma", partial=True) == set()  # no word "ma"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("place:khar*", {S000, S001}),  # Kharkiv (and Kharkov)
        ("place:mari?pol", {S000, S003}),
        ("person:*drian", {S000, S002}),  # Jean-Yves Le Drian
        ("person:[o TO p]", {S003}),  # Olaf Scholz
        ("person:[olaf-scholz TO sergey-lavrov] kyiv", {S001, S003}),
        ("place:*", ALL),
    ],
)
def test_patterns_and_ranges_of_entity_keys(seeds: Corpus, text: str, expected: set[str]) -> None:
    """Entity fields take key patterns and ranges as written (not as one spelling to look up:
    ``person:*`` was searched as the key "unnamed", ``person:[a TO m]`` broke the range)."""
    assert ids(seeds, text) == expected
