"""Every `Limitation:` comment in the code has an entry in docs/limitations.md naming its file,
and every file named there still carries such a comment (so the page never drifts)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("cpp", "python", "examples", "bench", "tests")
SUFFIXES = {".h", ".cpp", ".py", ".pyi"}


def _files_with_limitation_comments():
    found = set()
    for top in SCANNED:
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in SUFFIXES or not path.is_file() or path == Path(__file__):
                continue
            if "Limitation:" in path.read_text(encoding="utf-8", errors="replace"):
                found.add(path.relative_to(ROOT).as_posix())
    return found


def _files_named_in_docs():
    text = (ROOT / "docs" / "limitations.md").read_text(encoding="utf-8")
    return set(re.findall(r"`((?:cpp|python|examples|bench|tests)/[^`]+)`", text))


def test_every_limitation_comment_has_a_docs_entry():
    missing = _files_with_limitation_comments() - _files_named_in_docs()
    assert not missing, f"Limitation: comments without a docs/limitations.md entry: {missing}"


def test_every_docs_entry_names_a_file_with_a_limitation_comment():
    stale = _files_named_in_docs() - _files_with_limitation_comments()
    assert not stale, f"docs/limitations.md names files without a Limitation: comment: {stale}"
