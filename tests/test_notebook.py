"""The researcher walkthrough (notebooks/*.ipynb) runs top to bottom, so it never rots.

Executed with nbclient in a fresh kernel from the repository root, with a time
limit and with the network shut: a guard cell, run before the notebook's own,
refuses every socket connection that is not to this machine, so a notebook that
starts downloading something fails here instead of on a researcher's train.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMEOUT_S = 120  # per cell; the whole walkthrough takes a few seconds

NO_NETWORK = '''\
import socket as _socket

_connect = _socket.socket.connect
_connect_ex = _socket.socket.connect_ex


def _local(address):
    if not isinstance(address, tuple):  # AF_UNIX paths are local
        return True
    return address[0] in ("127.0.0.1", "::1", "localhost")


def _guarded(self, address):
    if not _local(address):
        raise OSError(f"network is disabled while the notebook is tested: {address!r}")
    return _connect(self, address)


def _guarded_ex(self, address):
    if not _local(address):
        raise OSError(f"network is disabled while the notebook is tested: {address!r}")
    return _connect_ex(self, address)


_socket.socket.connect = _guarded
_socket.socket.connect_ex = _guarded_ex
'''


def _execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.cells.insert(0, nbformat.v4.new_code_cell(NO_NETWORK))
    client = NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return nb


def test_there_is_a_walkthrough() -> None:
    assert [p.name for p in NOTEBOOKS] == ["walkthrough.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    nb = _execute(nbformat.read(path, as_version=4))
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # the walkthrough shows what it promises: tables, a matplotlib chart and a traced source line
    assert any("image/png" in o.get("data", {}) for o in outputs), "no chart was drawn"
    text = "\n".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "line" in text and "corpora/text/" in text


def test_the_network_guard_really_blocks() -> None:
    # the guard is what makes "no network" true; check it refuses a connection to elsewhere
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=1)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    with pytest.raises(CellExecutionError, match="network is disabled"):
        _execute(nb)
