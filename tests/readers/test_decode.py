"""readers/decode.py: bytes of a text export -> str, refusing empties and binaries."""

from __future__ import annotations

import codecs
import random

import pytest

from planparse.errors import InputError
from planparse.readers.decode import decode_text

PLAN = (
    "Priority 1: Women’s Aid – refuge provision\n"
    "Action\tLead\tTimescale\n"
    "Commission a refuge with Women’s Aid\tWBC\t2023–24\n"
)


def test_utf8():
    text, encoding = decode_text(PLAN.encode("utf-8"))
    assert text == PLAN
    assert encoding == "utf-8"


def test_utf8_bom_is_removed():
    text, encoding = decode_text(codecs.BOM_UTF8 + PLAN.encode("utf-8"))
    assert text == PLAN
    assert not text.startswith("\ufeff")
    assert encoding == "utf-8-sig"


def test_utf16_with_bom():
    data = PLAN.encode("utf-16")
    assert data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    text, _ = decode_text(data)
    assert text == PLAN


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    text, encoding = decode_text(PLAN.encode(codec))
    assert text == PLAN
    assert encoding == codec


@pytest.mark.parametrize("sample", [
    "Women’s Aid",
    PLAN,
    "The council’s domestic abuse coordinator will work with Women’s Aid.",
])
def test_cp1252(sample):
    data = sample.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not utf-8
    text, encoding = decode_text(data)
    assert text == sample
    assert encoding == "cp1252"


def test_cp1252_with_curly_double_quotes():
    sample = ("Refuge places are commissioned with Women’s Aid and the council’s housing team, "
              "including “safe accommodation” duties.")
    text, _ = decode_text(sample.encode("cp1252"))
    assert text == sample


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n\r\n\t  \n"])
def test_empty_or_whitespace_is_empty_input(data):
    with pytest.raises(InputError) as info:
        decode_text(data)
    assert info.value.kind == "EmptyInput"


def test_random_binary_is_binary_input():
    data = random.Random(0).randbytes(4096)
    with pytest.raises(InputError) as info:
        decode_text(data)
    assert info.value.kind == "BinaryInput"


def test_nul_bytes_are_binary_input():
    with pytest.raises(InputError) as info:
        decode_text(b"\x00" * 64)
    assert info.value.kind == "BinaryInput"


def test_error_message_names_the_file(tmp_path):
    with pytest.raises(InputError) as info:
        decode_text(b"", tmp_path / "council-plan.txt")
    assert "council-plan.txt" in str(info.value)
