"""batch: inputs, output names, atomic writes, one bad file never stops the batch."""

from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from pathlib import Path

import pytest

from planparse import batch
from planparse.batch import convert, document, expand_inputs, output_names, outputs, pool, write_atomic
from planparse.errors import OutputError
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
    # the manifest is new with issue 6: one line per input, in the order they finished
    assert sorted(p.name for p in out.iterdir()) == ["good.json", "legacy.json", "manifest.jsonl"]
    lines = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert {Path(r["input"]).name: (r["status"], r["error_class"]) for r in lines} == {
        "good.txt": ("ok", None), "legacy.txt": ("ok", None),
        "empty.txt": ("failed", "EmptyInput"), "blob.txt": ("failed", "BinaryInput")}
    for name in ("good", "legacy"):
        plan = Plan.model_validate_json((out / f"{name}.json").read_text("utf-8"))
        assert plan == by_name[f"{name}.txt"].plan
        assert plan.actions[0].owners[1].name == "Berkshire Women\u2019s Aid"


def test_one_crashing_file_does_not_stop_the_batch(tmp_path: Path, monkeypatch) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(MINI, "utf-8")
    second.write_text(MINI, "utf-8")
    real_parse = document.parse

    def flaky(path, **kwargs):
        if Path(path).name == "first.txt":
            raise ValueError("unexpected table shape")
        return real_parse(path, **kwargs)

    monkeypatch.setattr(document, "parse", flaky)
    out = tmp_path / "out"
    crashed, fine = list(convert([first, second], out))
    assert crashed.error_class == "InternalError"
    assert crashed.message == "first.txt: ValueError: unexpected table shape"
    assert "Traceback" in crashed.detail
    assert fine.ok and (out / "second.json").exists()
    assert not (out / "first.json").exists()


def test_an_output_folder_that_is_a_file_stops_the_batch_before_any_work(tmp_path: Path) -> None:
    """Every output would fail the same way: one OutputError saying why, not one failure per input."""
    good = tmp_path / "good.txt"
    good.write_text(MINI, "utf-8")
    out = tmp_path / "out"
    out.write_text("I am a file, not a folder")
    with pytest.raises(OutputError) as err:
        list(convert([good, good], out))
    assert err.value.kind == "OutputUnwritable"
    assert str(err.value).startswith(f"cannot write {out / 'manifest.jsonl'}: ") and "\n" not in str(err.value)
    assert out.read_text() == "I am a file, not a folder"


# -- issue 6: inputs, resumability, the manifest, the pool's guards --------------------------------


def test_expand_inputs_globs_links_and_duplicates(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for rel in ["a/one.txt", "a/b/two.pdf", "a/b/notes.md", "three.text"]:
        (tmp_path / rel).write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)  # same files, second route
    (tmp_path / "a" / "b" / "up").symlink_to("..", target_is_directory=True)  # a loop: listed, not walked
    (tmp_path / "a" / "self.pdf").symlink_to("self.pdf")  # a looping file link: listed, fails later
    got = expand_inputs([str(tmp_path / "**" / "*.pdf"), tmp_path / "a", tmp_path / "linked", tmp_path / "a/one.txt"])
    rel = [p.relative_to(tmp_path).as_posix() for p in got]
    assert rel == ["a/b/two.pdf", "a/self.pdf", "a/b/up", "a/one.txt"]
    assert expand_inputs([str(tmp_path / "*.nothing")]) == [tmp_path / "*.nothing"]  # kept: it fails as NotFound


def test_symlink_loops_fail_as_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "self.pdf").symlink_to("self.pdf")
    (tmp_path / "in" / "up").symlink_to("..", target_is_directory=True)
    (tmp_path / "in" / "plan.txt").write_text(MINI, "utf-8")
    outcomes = {o.input.name: o for o in convert(expand_inputs([tmp_path / "in"]), tmp_path / "out")}
    assert {k: (o.status, o.error_class) for k, o in outcomes.items()} == {
        "plan.txt": ("ok", None), "self.pdf": ("failed", "SymlinkLoop"), "up": ("failed", "SymlinkLoop")}
    assert "links back to" in outcomes["up"].message


def test_resume_needs_same_bytes_and_same_version(tmp_path: Path, monkeypatch) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(MINI, "utf-8")
    out = tmp_path / "out"
    [first] = convert([plan], out)
    [again] = convert([plan], out)
    assert (first.status, again.status) == ("ok", "skipped")
    assert again.sha256 == first.sha256 and again.output == first.output and again.plan is None
    plan.write_text(MINI.replace("2023-2026", "2024-2027"), "utf-8")  # new bytes: converted again
    [changed] = convert([plan], out)
    assert changed.status == "ok" and changed.sha256 != first.sha256
    monkeypatch.setattr(outputs, "__version__", "9.9.9")  # a new planparse: converted again
    [upgraded] = convert([plan], out)
    assert upgraded.status == "ok"
    (out / "plan.json").write_text('{"source": {"sha256": "truncated', "utf-8")  # a damaged output: redone
    monkeypatch.undo()
    [repaired] = convert([plan], out)
    assert repaired.status == "ok"
    assert Plan.model_validate_json((out / "plan.json").read_text("utf-8")).period.start_year == 2024


def test_closing_the_batch_early_logs_the_rest_as_interrupted(tmp_path: Path) -> None:
    paths = []
    for k in range(4):
        paths.append(tmp_path / f"plan{k}.txt")
        paths[-1].write_text(MINI, "utf-8")
    out = tmp_path / "out"
    stream = convert(paths, out)
    first = next(stream)
    stream.close()  # what Ctrl-C does to the CLI's loop
    lines = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert [(Path(r["input"]).name, r["status"]) for r in lines] == [
        (first.input.name, "ok"), ("plan1.txt", "interrupted"), ("plan2.txt", "interrupted"),
        ("plan3.txt", "interrupted")]
    assert set(lines[0]) == {"input", "output", "sha256", "status", "error_class", "message", "pages", "seconds",
                             "repaired", "warnings", "first_warnings", "quality_score", "quality_flags",
                             "planparse_version"}
    assert sorted(p.name for p in out.iterdir()) == ["manifest.jsonl", "plan0.json"]


def test_deadline_in_a_thread_interrupts_python_code() -> None:
    """Dask runs tasks in threads, where SIGALRM cannot reach: the timeout is injected into the thread."""
    import threading

    seen: list[str] = []

    def busy() -> None:
        t0 = time.monotonic()
        try:
            with batch.deadline(0.3):
                while time.monotonic() - t0 < 10:  # only a bound on the test: the limit must stop it long before
                    pass
            seen.append("ran to the end")
        except batch.DocumentTimeout:
            seen.append("timeout")
        with batch.deadline(0.3):  # finishing in time: nothing fires later
            pass
        time.sleep(0.5)
        seen.append("no late fire")

    thread = threading.Thread(target=busy)
    thread.start()
    thread.join(15)
    assert seen == ["timeout", "no late fire"]


def _forked_pool(monkeypatch, parse_one) -> None:
    """The pool with a replaced parse: fork (forced) carries the monkeypatch into the workers."""
    import multiprocessing

    monkeypatch.setattr(pool, "_mp_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(document, "parse", parse_one)


def _tasks(tmp_path: Path, names: list[str], **options) -> list[batch.Task]:
    tasks = []
    for k, name in enumerate(names):
        path = tmp_path / name
        path.write_text(MINI, "utf-8")
        tasks.append(batch.Task(k, path, tmp_path / "out" / f"{path.stem}.json", batch.Options(**options)))
    return tasks


def test_pool_stops_a_worker_stuck_past_its_deadline(tmp_path: Path, monkeypatch) -> None:
    import signal as sig

    real_parse = document.parse
    out = tmp_path / "out"

    def stuck(path, **kwargs):
        if Path(path).name == "stuck.txt":
            sig.pthread_sigmask(sig.SIG_BLOCK, {sig.SIGTERM})  # like code stuck inside C: a polite stop never lands
            out.mkdir(exist_ok=True)
            fd, _ = tempfile.mkstemp(prefix=outputs._temp_prefix(out / "stuck.json"), suffix=".tmp", dir=out)
            os.write(fd, b'{"half a pl')  # as if stopped while writing its output
            time.sleep(600)
        return real_parse(path, **kwargs)

    _forked_pool(monkeypatch, stuck)
    outcomes = {o.input.name: o for o in batch.execute(_tasks(tmp_path, ["stuck.txt", "fine.txt", "after.txt"],
                                                              timeout=1.0), workers=1)}
    assert outcomes["stuck.txt"].error_class == "Timeout" and "--timeout" in outcomes["stuck.txt"].message
    assert outcomes["fine.txt"].ok and outcomes["after.txt"].ok  # one worker, never back: a fresh one took over
    assert _leftovers(tmp_path / "out") == []  # the stopped worker's temporary file went with it


def test_pool_reports_a_dead_worker_and_carries_on(tmp_path: Path, monkeypatch) -> None:
    import signal as sig

    real_parse = document.parse

    def crash(path, **kwargs):
        if Path(path).name == "crash.txt":
            os.kill(os.getpid(), sig.SIGKILL)
        if Path(path).name == "greedy.txt":
            bytearray(64 << 30)  # far past the worker's memory cap
        return real_parse(path, **kwargs)

    _forked_pool(monkeypatch, crash)
    outcomes = {o.input.name: o for o in batch.execute(_tasks(tmp_path, ["crash.txt", "greedy.txt", "fine.txt"]),
                                                       workers=2, memory_limit_mb=4096)}
    assert outcomes["crash.txt"].error_class == "WorkerCrashed"
    assert "SIGKILL" in outcomes["crash.txt"].message and "\n" not in outcomes["crash.txt"].message
    assert outcomes["greedy.txt"].error_class == "MemoryLimit"
    assert outcomes["fine.txt"].ok and (tmp_path / "out" / "fine.json").exists()


def test_spawned_workers_warm_up_before_the_clock_starts(tmp_path: Path, monkeypatch) -> None:
    """Where fork is unsafe (a notebook's threads) workers are spawned: the ~2 s of imports and spaCy loading
    before the first document must not count against a short --timeout (pebble's clock starts when a worker
    takes the task, after its initializer)."""
    import multiprocessing

    monkeypatch.setattr(pool, "_mp_context", lambda: multiprocessing.get_context("spawn"))
    outcomes = list(batch.execute(_tasks(tmp_path, ["one.txt", "two.txt"], timeout=1.0), workers=2))
    assert sorted((o.input.name, o.status) for o in outcomes) == [("one.txt", "ok"), ("two.txt", "ok")]
    assert len({o.worker for o in outcomes}) >= 1 and all(o.worker != os.getpid() for o in outcomes)


# -- issue 15: a full disk, an unwritable folder, files left by a killed writer ------------------------------

class _FullDisk:
    """The output folder's disk with ``room`` bytes left, as the OS reports it: an output is counted when it is
    flushed to disk (fsync), a manifest line when it is written; a write that straddles the end is cut short and
    the next one fails, as a kernel does. Other files (the inputs, pytest's own) are not on this disk."""

    def __init__(self, folder: Path, room: int, code: int = 28) -> None:  # 28: ENOSPC
        self.folder, self.room, self.code = str(folder), room, code
        self.real_write, self.real_fsync = os.write, os.fsync

    def _ours(self, fd: int) -> bool:
        try:
            return os.readlink(f"/proc/self/fd/{fd}").startswith(self.folder)
        except OSError:
            return False

    def _full(self) -> OSError:
        return OSError(self.code, os.strerror(self.code))

    def write(self, fd: int, data: bytes) -> int:
        if not self._ours(fd):
            return self.real_write(fd, data)
        if self.room <= 0:
            raise self._full()
        n = self.real_write(fd, bytes(data[: self.room]))
        self.room -= n
        return n

    def fsync(self, fd: int) -> None:
        if self._ours(fd):
            size = os.fstat(fd).st_size
            if size > self.room:
                raise self._full()
            self.room -= size
        self.real_fsync(fd)


def _inputs(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        paths.append(folder / f"plan-{k}.txt")
        paths[-1].write_text(MINI.replace("2023-2026", f"2023-20{26 + k}"), "utf-8")
    return paths


@pytest.mark.parametrize("code,kind,reason", [(28, "DiskFull", "No space left on device (disk full)"),
                                              (30, "OutputUnwritable", "Read-only file system (OSError)")])
def test_a_full_or_read_only_disk_mid_batch_stops_with_one_line_and_exit_2(tmp_path: Path, monkeypatch, code,
                                                                            kind, reason) -> None:
    from click.testing import CliRunner

    from planparse.cli import main

    inputs = _inputs(tmp_path / "in", 6)
    [probe] = convert(inputs[:1], tmp_path / "probe", manifest=False)
    size = probe.output.stat().st_size  # one output; the disk has room for two and a half
    out = tmp_path / "out"
    out.mkdir()
    disk = _FullDisk(out, int(2.5 * size), code)
    monkeypatch.setattr(os, "write", disk.write)
    monkeypatch.setattr(os, "fsync", disk.fsync)
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "in"), "-o", str(out), "-q", "--workers", "0"])

    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()  # one line, no FAIL line for it, no traceback
    assert line.startswith(f"Error: cannot write {out / 'plan-'}") and reason in line
    assert line.endswith("of 6 inputs not converted)")
    records = [json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()]  # whole lines
    ok = [r for r in records if r["status"] == "ok"]
    assert 1 <= len(ok) <= 2 and f"{len(ok)} converted, 1 failed" in result.stdout
    assert not any(r["status"] == "ok" for r in records[len(ok):])  # it stopped at the failure
    if len(records) > len(ok):  # the disk had room for the line saying why
        assert records[len(ok)]["error_class"] == kind
    on_disk = sorted(p.name for p in out.iterdir())
    assert on_disk == sorted([Path(r["output"]).name for r in ok] + ["manifest.jsonl"])  # nothing partial
    for r in ok:
        assert Plan.model_validate_json(Path(r["output"]).read_text("utf-8")).source.sha256 == r["sha256"]

    monkeypatch.undo()  # room again: the same command finishes the rest
    again = CliRunner().invoke(main, ["convert", str(tmp_path / "in"), "-o", str(out), "-q", "--workers", "0"])
    assert again.exit_code == 0, again.output
    assert f"{6 - len(ok)} converted, 0 failed, {len(ok)} up to date" in again.stdout


def test_the_manifest_takes_back_a_line_the_disk_had_room_for_only_part_of(tmp_path: Path, monkeypatch) -> None:
    log = outputs.Manifest(tmp_path / "manifest.jsonl")
    log.write({"input": "a.txt", "status": "ok"})
    disk = _FullDisk(tmp_path, 10)
    monkeypatch.setattr(os, "write", disk.write)
    with pytest.raises(OutputError) as err:
        log.write({"input": "b.txt", "status": "ok"})
    log.write({"input": "c.txt", "status": "ok"})  # after a failure: nothing more, not another half line
    log.close()
    monkeypatch.undo()
    assert err.value.kind == "DiskFull"
    assert (tmp_path / "manifest.jsonl").read_text("utf-8") == '{"input": "a.txt", "status": "ok"}\n'


def test_temporary_files_of_dead_writers_are_swept_and_live_ones_kept(tmp_path: Path) -> None:
    """A run killed mid-write leaves `.<name>.<host>-<pid>.*.tmp`; the next run removes those whose writer is
    gone, and leaves alone the ones another run, still going, is writing."""
    import subprocess
    import sys

    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out = tmp_path / "out"
        out.mkdir()
        host = outputs._host()
        dead = out / f".plan-0.json.{host}-{_dead_pid()}.abc123de.tmp"
        live = out / f".plan-1.json.{host}-{running.pid}.abc123de.tmp"
        elsewhere = out / f".plan-2.json.otherhost-{_dead_pid()}.abc123de.tmp"  # another machine's pid
        for p in (dead, live, elsewhere):
            p.write_text('{"half a pl', "utf-8")
        outcomes = list(convert(_inputs(tmp_path / "in", 3), out))
        assert all(o.ok for o in outcomes)
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [live.name, elsewhere.name, "manifest.jsonl", "plan-0.json", "plan-1.json", "plan-2.json"])
    finally:
        running.kill()
        running.wait()


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


_REAL_FULL_DISK = r"""
mount -t tmpfs -o size="$1" tmpfs "$2" || exit 99
"$3" -m planparse.cli convert "$4" -o "$2/out" -q --workers 2 >"$5/first.out" 2>"$5/first.err"
echo $? >"$5/first.rc"
cp -a "$2/out" "$5/after-first"
mount -o remount,size=16m "$2"
"$3" -m planparse.cli convert "$4" -o "$2/out" -q --workers 2 >"$5/second.out" 2>"$5/second.err"
echo $? >"$5/second.rc"
cp -a "$2/out" "$5/after-second"
"""


def test_a_real_full_disk_on_a_small_tmpfs(tmp_path: Path) -> None:
    """The same on a real file system: a tmpfs with room for about two outputs, in a mount namespace of the test's
    own (unshare -rm: no root needed, nothing mounted on the machine), then the same command with room again."""
    import shutil
    import subprocess
    import sys

    if not shutil.which("unshare") or subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True).returncode:
        pytest.skip("this machine gives no unprivileged mount namespace (unshare -rm)")
    inputs = _inputs(tmp_path / "in", 6)
    [probe] = convert(inputs[:1], tmp_path / "probe", manifest=False)
    pages = -(-probe.output.stat().st_size // 4096)
    disk, report = tmp_path / "disk", tmp_path / "report"
    disk.mkdir()
    report.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", _REAL_FULL_DISK, "sh",
                           str((2 * pages + 2) * 4096), str(disk), sys.executable, str(tmp_path / "in"), str(report)],
                          env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode == 99:
        pytest.skip(f"tmpfs cannot be mounted here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr

    first_out, first_err = (report / "first.out").read_text(), (report / "first.err").read_text()
    assert (report / "first.rc").read_text().strip() == "2", first_out + first_err
    [line] = first_err.splitlines()
    assert "No space left on device (disk full)" in line and line.endswith("of 6 inputs not converted)")
    after = report / "after-first"
    records = [json.loads(x) for x in (after / "manifest.jsonl").read_text("utf-8").splitlines()]
    ok = {Path(r["output"]).name for r in records if r["status"] == "ok"}
    assert ok and len(ok) < 6
    assert sorted(p.name for p in after.iterdir()) == sorted(ok | {"manifest.jsonl"})  # no partial, no temp file
    for name in ok:
        Plan.model_validate_json((after / name).read_text("utf-8"))

    assert (report / "second.rc").read_text().strip() == "0", (report / "second.err").read_text()
    assert f"{6 - len(ok)} converted, 0 failed, {len(ok)} up to date" in (report / "second.out").read_text()
    assert len(list((report / "after-second").glob("plan-*.json"))) == 6


def test_workers_replaced_after_their_share_of_documents_lose_nothing(tmp_path: Path, monkeypatch) -> None:
    """Each worker is replaced after WORKER_TASKS documents (so what documents leave in a worker cannot pile up);
    with one document per worker, every document still converts exactly once."""
    monkeypatch.setattr(pool, "WORKER_TASKS", 1)
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(5):
        (src / f"plan{i}.txt").write_text(MINI.replace("Sample Borough", f"Sample {i} Borough"), "utf-8")
    outcomes = list(convert(expand_inputs([src]), out, workers=2))
    assert sorted(o.input.name for o in outcomes if o.ok) == [f"plan{i}.txt" for i in range(5)]
    assert len({o.worker for o in outcomes}) == 5  # a fresh worker for each document
    assert len(list(out.glob("plan*.json"))) == 5
