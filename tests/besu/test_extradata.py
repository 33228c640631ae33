"""QBFT extraData: Besu's own vectors, round trips, bad input, and the CLI commands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from drex.besu.extradata import QbftExtraData, Vote, decode_extradata, encode_extradata
from drex.cli.besu import chain_app
from drex.errors import DrexError
from hypothesis_profiles import examples

# hyperledger/besu besu/src/test/java/org/hyperledger/besu/cli/subcommands/rlp/RLPSubCommandTest.java
# (canEncodeToQbftExtraData): `besu rlp encode --type QBFT_EXTRA_DATA` of this JSON list (no 0x prefixes).
RLP_SUBCOMMAND_INPUT = [
    "be068f726a13c8d46c44be6ce9d275600e1735a4",
    "5ff6f4b66a46a2b2310a6f3a93aaddc0d9a1c193",
]
RLP_SUBCOMMAND_OUTPUT = (
    "0xf84fa00000000000000000000000000000000000000000000000000000000000000000ea94be068f726a13c8d"
    "46c44be6ce9d275600e1735a4945ff6f4b66a46a2b2310a6f3a93aaddc0d9a1c193c080c0"
)
# Besu documentation, private-networks/how-to/configure/consensus/qbft.md, "Generate extra data":
# toEncode.json and the RLP it gives.
DOCS_INPUT = [
    "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb",
    "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70",
    "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de",
    "0xab5e7f4061c605820d3744227eed91ff8e2c8908",
]
DOCS_OUTPUT = (
    "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f854944592c8e45706cc08b8f44b11e43cba0"
    "cfc5892cb9406e23768a0f59cf365e18c2e0c89e151bcdedc7094c5327f96ee02d7bcbc1bf1236b8c15148971e1de94ab5e7f4061c605"
    "820d3744227eed91ff8e2c8908c080c0"
)
# Same page, genesis example of block-header selection (validators 64a7..., 3923..., aefd..., c7ee...).
DOCS_GENESIS_EXTRADATA = (
    "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f8549464a702e6263b7297a96638cac6ae65e"
    "6541f4169943923390ad55e90c237593b3b0e401f3b08a0318594aefdb9a738c9f433e5b6b212a6d62f6370c2f69294c7eeb9a4e00ce68"
    "3cf93039b212648e01c6c6b78c080c0"
)
# Same page, genesis example of contract selection: no validators in the header.
DOCS_CONTRACT_EXTRADATA = "0xe5a00000000000000000000000000000000000000000000000000000000000000000c0c080c0"
# consensus/qbft/src/test/java/org/hyperledger/besu/consensus/qbft/QbftExtraDataCodecTest.java,
# RAW_HEX_ENCODING_STRING:
# vanity 0x01..0x20, validators 0x..01 and 0x..02, an add vote for 0x..01, round 0xFEDCBA and two seals
# (r=1, s=10, v=0) and (r=10, s=1, v=0).
CODEC_RAW = (
    "0xf8f0a00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20ea940000000000000000"
    "000000000000000000000001940000000000000000000000000000000000000002d7940000000000000000"
    "00000000000000000000000181ff83fedcbaf886b841000000000000000000000000000000000000000000"
    "0000000000000000000001000000000000000000000000000000000000000000000000000000000000000a"
    "00b841000000000000000000000000000000000000000000000000000000000000000a0000000000000000"
    "00000000000000000000000000000000000000000000000100"
)


def _seal(r: int, s: int, v: int) -> bytes:
    return r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v])


ONE, TWO = "0x" + "00" * 19 + "01", "0x" + "00" * 19 + "02"
CODEC_DECODED = QbftExtraData(
    validators=(ONE, TWO),
    vanity=bytes(range(1, 33)),
    vote=Vote(ONE, True),
    round=0xFEDCBA,
    seals=(_seal(1, 10, 0), _seal(10, 1, 0)),
)


def test_besu_rlp_subcommand_vector() -> None:
    assert encode_extradata(RLP_SUBCOMMAND_INPUT) == RLP_SUBCOMMAND_OUTPUT


def test_besu_documentation_vectors() -> None:
    assert encode_extradata(DOCS_INPUT) == DOCS_OUTPUT
    assert decode_extradata(DOCS_GENESIS_EXTRADATA).validators == (
        "0x64a702e6263b7297a96638cac6ae65e6541f4169",
        "0x3923390ad55e90c237593b3b0e401f3b08a03185",
        "0xaefdb9a738c9f433e5b6b212a6d62f6370c2f692",
        "0xc7eeb9a4e00ce683cf93039b212648e01c6c6b78",
    )
    assert (
        encode_extradata(list(decode_extradata(DOCS_GENESIS_EXTRADATA).validators)) == DOCS_GENESIS_EXTRADATA
    )
    assert encode_extradata([]) == DOCS_CONTRACT_EXTRADATA
    assert decode_extradata(DOCS_CONTRACT_EXTRADATA) == QbftExtraData(validators=())


def test_besu_codec_vector_with_vote_round_and_seals() -> None:
    assert decode_extradata(CODEC_RAW) == CODEC_DECODED
    encoded = encode_extradata(
        list(CODEC_DECODED.validators),
        vanity=CODEC_DECODED.vanity,
        vote=CODEC_DECODED.vote,
        round=CODEC_DECODED.round,
        seals=CODEC_DECODED.seals,
    )
    assert encoded == CODEC_RAW


def test_drop_vote_is_an_empty_byte_string() -> None:
    encoded = encode_extradata([ONE], vote=Vote(TWO, False))
    assert decode_extradata(encoded).vote == Vote(TWO, False)
    assert "d694" + TWO[2:] + "80" in encoded  # [recipient, empty string]


addresses = st.lists(st.binary(min_size=20, max_size=20), max_size=12, unique=True).map(
    lambda items: ["0x" + b.hex() for b in items]
)


@examples(60)
@given(
    validators=addresses,
    vanity=st.binary(min_size=32, max_size=32),
    vote=st.none()
    | st.builds(Vote, st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex()), st.booleans()),
    round_=st.integers(min_value=0, max_value=2**32 - 1),
    seals=st.lists(st.binary(min_size=65, max_size=65), max_size=4),
)
def test_round_trip(
    validators: list[str], vanity: bytes, vote: Vote | None, round_: int, seals: list[bytes]
) -> None:
    encoded = encode_extradata(validators, vanity=vanity, vote=vote, round=round_, seals=seals)
    assert decode_extradata(encoded) == QbftExtraData(tuple(validators), vanity, vote, round_, tuple(seals))
    assert decode_extradata(encoded[2:]) == decode_extradata(encoded)  # bare hex too


def test_upper_case_and_unprefixed_input_encode_like_besu() -> None:
    mixed = [RLP_SUBCOMMAND_INPUT[0].upper(), "0x" + RLP_SUBCOMMAND_INPUT[1]]
    assert encode_extradata(mixed) == RLP_SUBCOMMAND_OUTPUT


@pytest.mark.parametrize(
    "validators, message",
    [
        ([ONE, ONE.upper().replace("0X", "0x")], "duplicate"),
        (["0x1234"], "malformed"),
        (["0x" + "zz" * 20], "malformed"),
        ([ONE + "00"], "malformed"),
        ([""], "malformed"),
    ],
)
def test_bad_validator_lists(validators: list[str], message: str) -> None:
    with pytest.raises(DrexError, match=message):
        encode_extradata(validators)


@pytest.mark.parametrize(
    "data, message",
    [
        ("", "empty"),
        ("0xzz", "not hex"),
        ("0xc0", "5 items"),
        ("0xf8", "not valid RLP"),
        # round written as 3 bytes with a leading zero (Besu's incorrectlyEncodedRoundThrowsRlpException)
        ("0xe8a0" + "00" * 32 + "c0c08300dcbac0", "round"),
        # a validator that is not 20 bytes
        ("0xe6a0" + "00" * 32 + "c101" + "c080c0", "20-byte"),
        # a vote type other than 0xff / empty
        ("0xf83ba0" + "00" * 32 + "c0d694" + ONE[2:] + "01" + "80c0", "vote type"),
    ],
)
def test_bad_extradata(data: str, message: str) -> None:
    with pytest.raises(DrexError, match=message):
        decode_extradata(data)


def test_cli_extradata_and_decode() -> None:
    runner = CliRunner()
    result = runner.invoke(chain_app, ["extradata", *DOCS_INPUT])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == DOCS_OUTPUT
    result = runner.invoke(chain_app, ["decode-extradata", DOCS_OUTPUT])
    assert result.exit_code == 0, result.output
    assert result.output.split() == DOCS_INPUT
    result = runner.invoke(chain_app, ["decode-extradata", CODEC_RAW])
    assert result.output.splitlines() == [ONE, TWO, f"# vote: add {ONE}", "# round: 16702650", "# seals: 2"]


def test_cli_bad_input_raises_drex_error() -> None:
    runner = CliRunner()
    result = runner.invoke(chain_app, ["extradata", ONE, ONE])
    assert isinstance(result.exception, DrexError) and "duplicate" in str(result.exception)
    result = runner.invoke(chain_app, ["decode-extradata", "0x1234"])
    assert isinstance(result.exception, DrexError)
