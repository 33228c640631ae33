"""A new bond series is checked before anything is signed: a Treasury title the platform prices, its Selic
code, a maturity on the title's calendar (NTN-B, NTN-B Principal, NTN-F, as drex.pricing documents) and
after the chain's current block time; the SDK and ``drex tpft create`` refuse anything else in business
terms, and the chain sees no transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from drex import sdk
from drex.errors import DrexError
from drex.sdk.tpft_series import (
    BOND_TITLES,
    InvalidSelicCode,
    MaturityInPast,
    MaturityOffCalendar,
    UnknownBondTitle,
    check_new_series,
)
from drex.sdk.tpft_values import InvalidSeries, Series, maturity_timestamp

from .conftest import World

#: 2026-12-02 10:00 in Brasília.
NOW = maturity_timestamp(dt.date(2026, 12, 2)) + 10 * 3600


@pytest.mark.parametrize(
    ("acronym", "code", "day"),
    [
        ("LTN", "100000", dt.date(2027, 4, 1)),
        ("LTN", "100000", dt.date(2026, 12, 3)),  # tomorrow
        ("LFT", "210100", dt.date(2029, 3, 1)),
        ("NTN-B", "760199", dt.date(2030, 8, 15)),
        ("NTN-B Principal", "760100", dt.date(2029, 5, 15)),
        ("NTN-F", "950199", dt.date(2031, 1, 1)),
    ],
)
def test_treasury_titles_with_their_code_and_a_future_maturity_are_accepted(
    acronym: str, code: str, day: dt.date
) -> None:
    assert check_new_series(Series.of(acronym, code, day), NOW) is BOND_TITLES[acronym]


@pytest.mark.parametrize(
    ("series", "error", "message"),
    [
        (
            Series.of("LTN", "100000", dt.date(2020, 1, 1)),
            MaturityInPast,
            "maturity 2020-01-01 is in the past (chain date 2026-12-02)",
        ),
        (
            Series.of("LTN", "100000", dt.date(2026, 12, 2)),  # today 00:00 is past
            MaturityInPast,
            "maturity 2026-12-02 is in the past (chain date 2026-12-02)",
        ),
        (
            Series.of("XYZ", "100000", dt.date(2027, 4, 1)),
            UnknownBondTitle,
            "acronym 'XYZ' is not a Treasury title the platform supports "
            "(LTN, LFT, NTN-B, NTN-B Principal, NTN-F)",
        ),
        (Series.of("ltn", "100000", dt.date(2027, 4, 1)), UnknownBondTitle, "acronym 'ltn'"),
        (Series.of("NTN-C", "770100", dt.date(2031, 1, 1)), UnknownBondTitle, "acronym 'NTN-C'"),
        (
            Series.of("LTN", "12a", dt.date(2027, 4, 1)),
            InvalidSelicCode,
            "code '12a' is not a Selic code: write the title's 6 digits, e.g. 100000 for LTN",
        ),
        (Series.of("LTN", "1000000", dt.date(2027, 4, 1)), InvalidSelicCode, "is not a Selic code"),
        (Series.of("LTN", " 100000", dt.date(2027, 4, 1)), InvalidSelicCode, "is not a Selic code"),
        (
            Series.of("LTN", "760199", dt.date(2027, 4, 1)),
            InvalidSelicCode,
            "code 760199 is not the Selic code of LTN (100000)",
        ),
        (
            Series.of("NTN-B", "760199", dt.date(2030, 8, 16)),
            MaturityOffCalendar,
            "maturity 2030-08-16 is not a maturity of NTN-B, which matures on "
            "the 15th of February, May, August or November",
        ),
        (
            Series.of("NTN-B", "760199", dt.date(2030, 7, 15)),
            MaturityOffCalendar,
            "the 15th of February, May, August or November",
        ),
        (
            Series.of("NTN-B Principal", "760100", dt.date(2030, 7, 1)),
            MaturityOffCalendar,
            "which matures on the 15th of a month",
        ),
        (
            Series.of("NTN-F", "950199", dt.date(2031, 4, 1)),
            MaturityOffCalendar,
            "which matures on the 1st of January or July",
        ),
        (
            Series("LTN", "100000", NOW),
            MaturityInPast,
            f"maturity 2026-12-02 ({NOW}) is in the past (chain date 2026-12-02)",
        ),
    ],
)
def test_bad_series_are_refused_in_business_terms(
    series: Series, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        check_new_series(series, NOW)
    assert message in str(info.value)
    assert isinstance(info.value, InvalidSeries) and isinstance(info.value, DrexError)


def test_errors_are_exported_by_the_sdk() -> None:
    for name in (
        "UnknownBondTitle",
        "InvalidSelicCode",
        "MaturityOffCalendar",
        "MaturityInPast",
        "InvalidSeries",
    ):
        assert issubclass(getattr(sdk, name), DrexError) and name in sdk.__all__


def test_create_checks_against_the_chain_time_and_sends_nothing(w: World) -> None:
    stn = w.tp("STN")
    chain_day = dt.datetime.fromtimestamp(w.chain.timestamp(), dt.timezone(dt.timedelta(hours=-3))).date()
    nonce = w.chain.w3.eth.get_transaction_count(stn.address)
    block = w.chain.w3.eth.block_number
    yesterday = chain_day - dt.timedelta(days=1)
    with pytest.raises(
        MaturityInPast, match=f"maturity {yesterday} is in the past \\(chain date {chain_day}\\)"
    ):
        stn.tpft.create(Series.of("LTN", "100000", yesterday))
    with pytest.raises(UnknownBondTitle):
        stn.tpft.create(Series.of("LTX", "100000", chain_day + dt.timedelta(days=30)))
    assert w.chain.w3.eth.get_transaction_count(stn.address) == nonce
    assert w.chain.w3.eth.block_number == block
    # after time travel, a maturity that was in the future is in the past
    later = chain_day + dt.timedelta(days=10)
    w.chain.increase_time(maturity_timestamp(later) + 3600 - w.chain.timestamp())
    with pytest.raises(MaturityInPast, match=f"chain date {later}"):
        stn.tpft.create(Series.of("LTN", "100000", later))
    assert stn.tpft.create(Series.of("LTN", "100000", later + dt.timedelta(days=1))) == 2
