"""The operator's CSV source: a good file, every way a file can break the format (each error naming the
line), the canonical payload and its hash, and the file read again when it changes."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from drex.oracle.sources import (
    CsvSource,
    MalformedCsv,
    NotAReferenceDate,
    SeriesNotInSource,
    SourceUnavailable,
)

GOOD = """series,reference_date,value
SELIC,2025-01-02,0.045513
PTAX_SELL,2025-01-02,5.315
IPCA,2025-10-01,-0.10
VNA_LFT,2025-01-02,15736.194323
TPFT_PU:7,2025-01-02,14711.11227318

SELIC,2025-01-02,0.0455130
"""


def write(tmp_path: Path, text: str, name: str = "rounds.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_a_good_file_gives_each_figure_with_its_canonical_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    source = CsvSource(path)
    expected = {
        ("SELIC", date(2025, 1, 2)): ("0.045513", 2),
        ("PTAX_SELL", date(2025, 1, 2)): ("5.3150", 3),
        ("IPCA", date(2025, 10, 1)): ("-0.10", 4),
        ("VNA_LFT", date(2025, 1, 2)): ("15736.194323", 5),
        ("TPFT_PU:7", date(2025, 1, 2)): ("14711.11227318", 6),
    }
    for (series, day), (value, line) in expected.items():
        reading = source.read(series, day)
        assert reading is not None
        assert (reading.series, reading.reference_date, str(reading.value)) == (series, day, value)
        assert reading.payload == f"{series},{day.isoformat()},{value}\n".encode()
        assert reading.source_hash == hashlib.sha256(reading.payload).digest()
        assert reading.url == f"{path.resolve().as_uri()}#L{line}"
    assert source.read("SELIC", date(2025, 1, 3)) is None  # not in the file
    assert source.read("TPFT_PU:8", date(2025, 1, 2)) is None


def test_the_hash_depends_on_the_figure_only_not_on_the_file(tmp_path: Path) -> None:
    one = CsvSource(write(tmp_path, "series,reference_date,value\nPTAX_SELL,2025-01-02,5.3157\n", "a.csv"))
    other = CsvSource(
        write(
            tmp_path,
            "\ufeffseries,reference_date,value\r\nCDI,2025-01-02,0.045513\r\nPTAX_SELL,2025-01-02,5.31570\r\n"
            "PTAX_BUY,2025-01-02,5.3151\r\n",
            "b.csv",
        )
    )
    first, second = one.read("PTAX_SELL", date(2025, 1, 2)), other.read("PTAX_SELL", date(2025, 1, 2))
    assert first is not None and second is not None
    assert first.payload == second.payload == b"PTAX_SELL,2025-01-02,5.3157\n"
    assert first.source_hash == second.source_hash
    assert first.source_hash.hex() == hashlib.sha256(b"PTAX_SELL,2025-01-02,5.3157\n").hexdigest()
    assert first.url != second.url


def test_a_negative_zero_is_written_as_zero(tmp_path: Path) -> None:
    source = CsvSource(write(tmp_path, "series,reference_date,value\nIPCA,2025-10-01,-0.00\n"))
    reading = source.read("IPCA", date(2025, 10, 1))
    assert reading is not None and reading.payload == b"IPCA,2025-10-01,0.00\n"
    assert reading.value == Decimal(0)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("", "line 1: the file is empty; it must start with series,reference_date,value"),
        (
            "series;reference_date;value\n",
            "line 1: the header must be series,reference_date,value, not 'series;reference_date;value'",
        ),
        (
            "series,date,value\nSELIC,2025-01-02,0.045513\n",
            "line 1: the header must be series,reference_date,value, not 'series,date,value'",
        ),
        (
            "series,reference_date,value\nSELIC,2025-01-02\n",
            "line 2: 2 fields, expected 3 (series,reference_date,value): ['SELIC', '2025-01-02']",
        ),
        (
            "series,reference_date,value\nSELIC,2025-01-02,0.045513,x\n",
            "line 2: 4 fields, expected 3 "
            "(series,reference_date,value): ['SELIC', '2025-01-02', '0.045513', 'x']",
        ),
        (
            "series,reference_date,value\nSELIC,2025-01-02,1\nselic,2025-01-03,1\n",
            "line 3: unknown series "
            "'selic' (known: SELIC, SELIC_TARGET, CDI, IPCA, PTAX_SELL, PTAX_BUY, IPCA_PROJECTION, VNA_LFT, "
            "VNA_NTNB, TPFT_PU:<id>)",
        ),
        (
            "series,reference_date,value\nTPFT_PU:07,2025-01-02,1\n",
            "line 2: unknown series 'TPFT_PU:07' (known: SELIC, SELIC_TARGET, CDI, IPCA, PTAX_SELL, "
            "PTAX_BUY, IPCA_PROJECTION, VNA_LFT, VNA_NTNB, TPFT_PU:<id>)",
        ),
        (
            "series,reference_date,value\nSELIC,02/01/2025,0.045513\n",
            "line 2: '02/01/2025' is not a date written YYYY-MM-DD",
        ),
        (
            "series,reference_date,value\nSELIC,2025-02-30,0.045513\n",
            "line 2: '2025-02-30' is not a date written YYYY-MM-DD",
        ),
        (
            "series,reference_date,value\nSELIC,20250102,0.045513\n",
            "line 2: '20250102' is not a date written YYYY-MM-DD",
        ),
        (
            "series,reference_date,value\nIPCA,2025-10-15,0.09\n",
            "line 2: IPCA is monthly (reference dates on the 1st), not 2025-10-15",
        ),
        (
            'series,reference_date,value\nPTAX_SELL,2025-01-02,"5,3157"\n',
            "line 2: '5,3157' is not a number written with digits and '.'",
        ),
        (
            "series,reference_date,value\nPTAX_SELL,2025-01-02,5.3157e0\n",
            "line 2: '5.3157e0' is not a number written with digits and '.'",
        ),
        (
            "series,reference_date,value\nPTAX_SELL,2025-01-02, 5.3157\n",
            "line 2: ' 5.3157' is not a number written with digits and '.'",
        ),
        (
            "series,reference_date,value\nPTAX_SELL,2025-01-02,NaN\n",
            "line 2: 'NaN' is not a number written with digits and '.'",
        ),
        (
            "series,reference_date,value\nPTAX_SELL,2025-01-02,\n",
            "line 2: '' is not a number written with digits and '.'",
        ),
        (
            "series,reference_date,value\nPTAX_SELL,2025-01-02,5.31575\n",
            "line 2: 5.31575 has more decimal places than PTAX_SELL's 4",
        ),
        (
            "series,reference_date,value\nSELIC,2025-01-02,0.045513\nCDI,2025-01-02,0.045513\n"
            "SELIC,2025-01-02,0.045514\n",
            "line 4: SELIC on 2025-01-02 is 0.045514 here but 0.045513 on line 2",
        ),
        ('series,reference_date,value\nSELIC,"2025-01-02"x,0.045513\n', "line 2: ',' expected after '\"'"),
    ],
)
def test_every_break_of_the_format_is_an_error_naming_the_line(
    tmp_path: Path, text: str, complaint: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(MalformedCsv) as raised:
        CsvSource(path)
    assert str(raised.value) == f"{path}, {complaint}"


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("series,reference_date,value\nSELIC,2025-01-02,0.045513 # é\n".encode("latin-1"))
    with pytest.raises(MalformedCsv) as raised:
        CsvSource(path)
    assert str(raised.value) == f"{path}: not UTF-8 text (byte 56)"


def test_a_missing_file_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable) as raised:
        CsvSource(tmp_path / "absent.csv")
    assert (
        str(raised.value) == f"cannot read the CSV file {tmp_path / 'absent.csv'}: No such file or directory"
    )


def test_the_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "series,reference_date,value\nSELIC,2025-01-02,0.045513\n")
    source = CsvSource(path)
    assert source.read("SELIC", date(2025, 1, 3)) is None
    with path.open("a") as file:
        file.write("SELIC,2025-01-03,0.045513\n")
    reading = source.read("SELIC", date(2025, 1, 3))
    assert reading is not None and reading.url.endswith("#L3")
    with path.open("a") as file:
        file.write("SELIC,2025-01-03,0.045600\n")  # a conflicting correction is refused, not silently taken
    with pytest.raises(
        MalformedCsv, match="line 4: SELIC on 2025-01-03 is 0.045600 here but 0.045513 on line 3"
    ):
        source.read("SELIC", date(2025, 1, 3))
    os.remove(path)
    with pytest.raises(SourceUnavailable):
        source.read("SELIC", date(2025, 1, 2))


def test_reading_a_series_that_is_not_in_the_catalogue_or_not_a_reference_date(tmp_path: Path) -> None:
    source = CsvSource(write(tmp_path, GOOD))
    with pytest.raises(SeriesNotInSource, match=r"^'SELIC_OVER' is not a series of the catalogue \(SELIC, "):
        source.read("SELIC_OVER", date(2025, 1, 2))
    with pytest.raises(NotAReferenceDate) as raised:
        source.read("IPCA", date(2025, 10, 2))
    assert (
        str(raised.value) == "IPCA is monthly: its reference date is the first day of a month, not 2025-10-02"
    )
