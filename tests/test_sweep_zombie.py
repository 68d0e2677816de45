"""A temporary output left by a writer that is now a zombie is swept like one whose writer is gone.

A killed run's workers are orphans; until init reaps them their pids still answer a signal, and on
machines whose init reaps late the next run used to keep their temporary files (test_batch_scale's
SIGKILL test failed that way here).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from planparse.batch.outputs import _host, sweep_temp_files


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="zombies are read from /proc")
def test_a_zombie_writers_temporary_file_is_swept(tmp_path: Path) -> None:
    pid = os.fork()
    if pid == 0:  # the child exits at once and, not waited for, stays a zombie
        os._exit(0)
    try:
        for _ in range(100):  # until the kernel has marked it a zombie (bounded)
            with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                if fh.read().rsplit(")", 1)[-1].split()[0] == "Z":
                    break
            time.sleep(0.01)
        os.kill(pid, 0)  # its pid still answers, as the old check relied on
        leftover = tmp_path / f".plan.json.{_host()}-{pid}.abc123.tmp"
        leftover.write_text("{half a plan")
        live = tmp_path / f".other.json.{_host()}-{os.getpid()}.def456.tmp"
        live.write_text("{being written")
        assert sweep_temp_files(tmp_path) == [leftover]
        assert live.exists()
    finally:
        os.waitpid(pid, 0)
