"""A bare-Whoosh search process, the CLI's peer: open, parse, search, 20 hits as JSON lines.

    bare_cli.py INDEX_DIR QUERY

What ``corpus-reader search Q --json --no-update`` does at its simplest: the stored fields and
one highlighted body fragment per hit (as ``steps.py``'s bare search), printed as JSON.
"""

from __future__ import annotations

import json
import sys

from whoosh import highlight, index
from whoosh.qparser import MultifieldParser


def main(index_dir: str, text: str) -> int:
    ix = index.open_dir(index_dir, readonly=True)
    with ix.searcher() as searcher:
        q = MultifieldParser(["title", "body"], ix.schema).parse(text)
        results = searcher.search(q, limit=20, terms=True)
        results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=90)
        hits = []
        for hit in results[:20]:
            fields = hit.fields()
            hits.append(
                {
                    "id": fields["id"],
                    "title": fields["title"],
                    "date": fields["date"].isoformat() if "date" in fields else None,
                    "snippet": hit.highlights("body", top=1),
                }
            )
        print(json.dumps({"query": text, "total": len(results), "hits": hits}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
