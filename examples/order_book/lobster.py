"""LOBSTER message files: the column layout, preparing a file for ``csv_read``, price formatting.

A LOBSTER message file has six columns: seconds after midnight (New York local time), event type,
order id, size, price (dollars x 10000) and direction. Files as downloaded have no header row; the
copy in this repository's ``data/`` folder is gzipped and has one.
"""

from __future__ import annotations

import gzip
import re
import shutil
from datetime import date
from pathlib import Path

COLUMNS = ("seconds", "message_type", "order_id", "quantity", "price", "direction")
HEADER_LINE = ",".join(COLUMNS) + "\n"
TIME_COLUMN = "seconds"
# NASDAQ timestamps in LOBSTER files are local exchange time.
EXCHANGE_TZ = "America/New_York"

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT / "data" / "lobster_aapl_2012-06-21_message.csv.gz"

_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SYMBOL_BEFORE_DATE = re.compile(r"([A-Za-z.]+)_\d{4}-\d{2}-\d{2}")


def trading_date(path: Path) -> date:
    """The trading day named in a LOBSTER file name (``TICKER_YYYY-MM-DD_...``).

    Raises ValueError when the name carries no date; pass the date explicitly then.
    """
    match = _DATE_IN_NAME.search(Path(path).name)
    if match is None:
        raise ValueError(f"cannot find a YYYY-MM-DD trading date in the file name {path.name!r}")
    return date(int(match[1]), int(match[2]), int(match[3]))


def instrument(path: Path) -> str:
    """The ticker symbol in a LOBSTER file name (the word before the date), upper case."""
    match = _SYMBOL_BEFORE_DATE.search(Path(path).name)
    return match[1].upper() if match else Path(path).name


def prepare_csv(source: Path, work_dir: Path) -> Path:
    """Return a plain CSV with a header row that ``csv_read`` can open.

    ``csv_read`` reads uncompressed files only, so a ``.gz`` source is decompressed into
    ``work_dir`` (the caller owns that folder and deletes it). A file without the LOBSTER header
    gets one. A plain file that already has the header is returned as it is, without a copy.
    """
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"LOBSTER message file not found: {source}")
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", newline="") as handle:
        has_header = handle.readline().startswith(COLUMNS[0] + ",")
    if has_header and opener is open:
        return source

    target = Path(work_dir) / (source.name.removesuffix(".gz") or "messages.csv")
    with opener(source, "rt", newline="") as src, open(target, "w", newline="") as dst:
        if not has_header:
            dst.write(HEADER_LINE)
        shutil.copyfileobj(src, dst, 1 << 20)
    return target


def format_price(price: int | None) -> str:
    """Dollars as exact text: 5853300 -> '585.33', 5853350 -> '585.335'; None -> ''."""
    if price is None:
        return ""
    sign = "-" if price < 0 else ""
    whole, frac = divmod(abs(price), 10000)
    text = f"{frac:04d}".rstrip("0")
    return f"{sign}{whole}.{text.ljust(2, '0')}"


def count_rows(csv_path: Path) -> int:
    """Number of data rows in a plain CSV with a header (line breaks minus one, quick scan)."""
    lines = 0
    last = b"\n"
    with open(csv_path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)
