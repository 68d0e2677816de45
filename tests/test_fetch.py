"""Plans given as web addresses, against a local HTTP server on 127.0.0.1 (the only network tests use)."""

from __future__ import annotations

import http.server
import importlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import planparse
from planparse.cli import main
from planparse.fetch import fetch

fetch_module = importlib.import_module("planparse.fetch")  # planparse.fetch is also the function


class _Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, tuple[str, bytes, dict[str, str]]] = {}
    hits: dict[str, int] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits[self.path] = type(self).hits.get(self.path, 0) + 1
        if self.path == "/trickle.pdf":  # a server that sends a byte now and then: bounded, 40 x 0.1 s
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"%PDF-1.4 " * 2)
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if self.path == "/huge.pdf":  # says it is 1 GB
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(1 << 30))
            self.end_headers()
            return
        if self.path not in self.files:
            self.send_error(404, "Not Found")
            return
        ctype, body, headers = self.files[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server(sample_formats: dict[str, Path]) -> Iterator[str]:
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    _Handler.files = {
        "/plans/sample-plan.pdf": ("application/pdf", sample_formats["pdf"].read_bytes(), {}),
        "/plans/sample-plan.docx": (docx_type, sample_formats["docx"].read_bytes(), {}),
        "/download.aspx?id=7": ("application/pdf; charset=binary", sample_formats["pdf"].read_bytes(),
                                {"Content-Disposition": 'attachment; filename="Action Plan 2024.pdf"'}),
        "/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(64), {}),
        "/big.pdf": ("application/pdf", b"%PDF-1.4\n" + bytes(5000), {}),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_url_is_downloaded_once_into_the_cache(server: str, tmp_path: Path) -> None:
    url = f"{server}/plans/sample-plan.docx"
    first = fetch(url, tmp_path)
    assert first.name == "sample-plan.docx" and first.is_relative_to(tmp_path)
    hits = _Handler.hits[url.removeprefix(server)]
    assert fetch(url, tmp_path) == first and _Handler.hits[url.removeprefix(server)] == hits  # from the cache
    assert fetch(url, tmp_path, refresh=True) == first and _Handler.hits[url.removeprefix(server)] == hits + 1


def test_the_server_names_the_file_and_its_type(server: str, tmp_path: Path) -> None:
    path = fetch(f"{server}/download.aspx?id=7", tmp_path)
    assert path.name == "Action_Plan_2024.pdf" and path.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("path, kind, kwargs", [
    ("/logo.png", "UnsupportedContentType", {}),
    ("/nowhere.pdf", "DownloadFailed", {}),
    ("/huge.pdf", "DownloadTooLarge", {}),
    ("/big.pdf", "DownloadTooLarge", {"max_bytes": 1000}),  # no lie in the header: caught while streaming
    ("/trickle.pdf", "DownloadTimeout", {"timeout": 1.0}),
])
def test_bad_downloads_are_one_line_and_leave_nothing(server: str, tmp_path: Path, path: str, kind: str,
                                                      kwargs: dict) -> None:
    with pytest.raises(planparse.InputError) as info:
        fetch(f"{server}{path}", tmp_path, **kwargs)
    assert info.value.kind == kind and "\n" not in str(info.value) and server in info.value.message
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # no partial file in the cache


def test_an_unreachable_host_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(planparse.InputError) as info:
        fetch(f"http://127.0.0.1:{port}/plan.pdf", tmp_path, timeout=5)
    assert info.value.kind == "DownloadFailed" and "\n" not in str(info.value)


def test_convert_takes_urls_and_keeps_them_in_the_plan(server: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good, bad = f"{server}/plans/sample-plan.pdf", f"{server}/logo.png"
    result = CliRunner().invoke(main, ["convert", good, bad, "-o", str(out), "--workers", "0",
                                       "--download-dir", str(tmp_path / "cache")])
    assert result.exit_code == 1  # one input failed
    assert f"FAIL  {bad}: UnsupportedContentType" in result.stderr
    plan = planparse.load(out / "sample-plan.json")[0]
    assert plan.source.url == good and plan.source.format == "pdf" and len(plan.actions) == 6
    assert Path(plan.source.path).is_relative_to(tmp_path / "cache")
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert {r["input"]: r["status"] for r in records} == {good: "ok", bad: "failed"}


def test_parse_many_takes_urls(server: str, tmp_path: Path) -> None:
    results = list(planparse.parse_many([f"{server}/plans/sample-plan.docx", f"{server}/nowhere.pdf"],
                                        workers=0, cache_dir=tmp_path))
    plans = [r for r in results if isinstance(r, planparse.Plan)]
    failures = [r for r in results if not isinstance(r, planparse.Plan)]
    assert [p.source.url for p in plans] == [f"{server}/plans/sample-plan.docx"]
    assert [f.kind for f in failures] == ["DownloadFailed"]


def test_the_default_cache_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANPARSE_CACHE", str(tmp_path / "c"))
    assert fetch_module.default_cache_dir() == tmp_path / "c"
