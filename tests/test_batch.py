"""batch: inputs, output names, atomic writes, one bad file never stops the batch."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from planparse import batch
from planparse.batch import convert, expand_inputs, output_names, write_atomic
from planparse.schema import Plan

MINI = """Sample Borough Council Domestic Abuse Action Plan 2023-2026

Priority 1: Prevention and early intervention

Ref\tAction\tLead\tTimescale
1.1\tDeliver awareness training for frontline staff in schools.\tThames Valley Police / Berkshire Women\u2019s Aid\tMarch 2024
1.2\tReview referral pathways including the MASH front door.\tGemma Walsh and Nick Caprara\tAutumn 2024
"""


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.startswith("."))


# -- inputs and names ---------------------------------------------------------------------


def test_expand_inputs_walks_folders_in_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    for rel in ["b/z.txt", "a/y.TXT", "a/deep/x.pdf", "a/notes.md", "a/deep/w.text", "b/image.png"]:
        (tmp_path / rel).write_text("x")
    single = tmp_path / "b" / "image.png"
    got = expand_inputs([tmp_path, single])
    rel = [p.relative_to(tmp_path).as_posix() for p in got]
    assert rel == ["a/deep/w.text", "a/deep/x.pdf", "a/y.TXT", "b/z.txt", "b/image.png"]


def test_expand_inputs_keeps_missing_files_for_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert expand_inputs([missing]) == [missing]


def test_output_names_unique_stems(tmp_path: Path) -> None:
    names = output_names([tmp_path / "a" / "plan.txt", tmp_path / "b" / "other.pdf"])
    assert names == {tmp_path / "a" / "plan.txt": "plan.json", tmp_path / "b" / "other.pdf": "other.json"}


def test_output_names_same_stem_get_distinct_stable_names(tmp_path: Path) -> None:
    a, b, c = tmp_path / "2023" / "plan.txt", tmp_path / "2024" / "plan.txt", tmp_path / "2024" / "plan.pdf"
    names = output_names([a, b, c])
    assert len(set(names.values())) == 3
    assert all(n.startswith("plan-") and n.endswith(".json") for n in names.values())
    assert output_names([a, b, c]) == names  # same paths, same names on every run


# -- write_atomic -------------------------------------------------------------------------


def test_write_atomic_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "plan.json"
    write_atomic(target, '{"a": 1}')
    assert target.read_text("utf-8") == '{"a": 1}'
    write_atomic(target, '{"a": 2, "text": "Women\u2019s Aid"}')
    assert json.loads(target.read_text("utf-8")) == {"a": 2, "text": "Women\u2019s Aid"}
    assert _leftovers(tmp_path) == []


def test_write_atomic_failure_keeps_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "plan.json"
    target.write_text('{"old": true}', "utf-8")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, '{"new": true}')
    assert target.read_text("utf-8") == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_write_atomic_interrupted_write_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "plan.json"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, '{"new": true}')
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_respects_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        plain = tmp_path / "plain.json"
        plain.write_text("{}")
        target = tmp_path / "atomic.json"
        write_atomic(target, "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode) == 0o644


# -- convert ------------------------------------------------------------------------------


def test_convert_good_and_bad_files(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "good.txt").write_text(MINI, "utf-8")
    (src / "legacy.txt").write_bytes(MINI.encode("cp1252"))
    (src / "empty.txt").write_bytes(b"")
    (src / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    outcomes = list(convert(expand_inputs([src]), out))
    by_name = {o.input.name: o for o in outcomes}
    assert len(outcomes) == 4
    assert by_name["good.txt"].ok and by_name["legacy.txt"].ok
    assert (by_name["empty.txt"].error_class, by_name["blob.txt"].error_class) == ("EmptyInput", "BinaryInput")
    assert by_name["empty.txt"].output is None and by_name["empty.txt"].plan is None
    assert sorted(p.name for p in out.iterdir()) == ["good.json", "legacy.json"]
    for name in ("good", "legacy"):
        plan = Plan.model_validate_json((out / f"{name}.json").read_text("utf-8"))
        assert plan == by_name[f"{name}.txt"].plan
        assert plan.actions[0].owners[1].name == "Berkshire Women\u2019s Aid"


def test_one_crashing_file_does_not_stop_the_batch(tmp_path: Path, monkeypatch) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(MINI, "utf-8")
    second.write_text(MINI, "utf-8")
    real_parse = batch.parse

    def flaky(path, **kwargs):
        if Path(path).name == "first.txt":
            raise ValueError("unexpected table shape")
        return real_parse(path, **kwargs)

    monkeypatch.setattr(batch, "parse", flaky)
    out = tmp_path / "out"
    crashed, fine = list(convert([first, second], out))
    assert crashed.error_class == "InternalError"
    assert crashed.message == "first.txt: ValueError: unexpected table shape"
    assert "Traceback" in crashed.detail
    assert fine.ok and (out / "second.json").exists()
    assert not (out / "first.json").exists()


def test_unwritable_output_is_an_os_error_per_file(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(MINI, "utf-8")
    out = tmp_path / "out"
    out.write_text("I am a file, not a folder")
    [outcome] = list(convert([good], out))
    assert not outcome.ok
    assert outcome.error_class in {"FileExistsError", "NotADirectoryError"}
    assert "\n" not in outcome.message
