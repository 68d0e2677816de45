"""Convert many plan files, in this process, on a pool or on Dask: resumable, atomic, one bad file never stops the rest.

One module per concern, each readable on its own:

- ``inputs``: which files (folders walked, globs expanded), which were left out and why, and their output names;
- ``downloads``: inputs given as web addresses, fetched first (planparse.fetch);
- ``task``: what goes to a worker and what comes back, and the manifest line;
- ``document``: one input start to finish, in whichever process runs it;
- ``outputs``: all-or-nothing writes, the manifest, the combined JSONL/Parquet/CSV/SQLite
  (``flat``: one row per action with its plan's fields; ``sqlite``: the browsable database);
- ``load``: converted plans read back;
- ``engines`` picks ``pool`` (pebble), ``cluster`` (Dask) or this process;
  ``deadline`` is the time limit where no process can be killed;
- ``run``: ``convert`` and ``parse_many``, the entry points.
"""

from __future__ import annotations

from planparse.batch.cluster import LOCAL_CLUSTER_CONFIG, local_cluster
from planparse.batch.deadline import DocumentTimeout, deadline
from planparse.batch.document import file_sha256, run_task, summarize, warm_up
from planparse.batch.engines import default_workers, execute
from planparse.batch.inputs import INPUT_SUFFIXES, InputScan, expand_inputs, output_names, scan_inputs, why_ignored
from planparse.batch.outputs import MANIFEST, atomic_path, existing_output, write_atomic, write_combined
from planparse.batch.run import convert, parse_many
from planparse.batch.task import DEFAULT_MEMORY_MB, Checks, Options, Outcome, ParseFailure, Task

__all__ = [
    "DEFAULT_MEMORY_MB", "INPUT_SUFFIXES", "InputScan", "scan_inputs", "why_ignored", "LOCAL_CLUSTER_CONFIG", "MANIFEST", "Checks", "DocumentTimeout", "Options",
    "Outcome", "ParseFailure", "Task", "atomic_path", "convert", "deadline", "default_workers", "execute",
    "existing_output", "expand_inputs", "file_sha256", "local_cluster", "output_names", "parse_many", "run_task",
    "summarize", "warm_up", "write_atomic", "write_combined",
]
