"""Plans given as web addresses: downloaded into a cache folder, within a time limit, a size cap and known types.

Researchers collect plans as lists of links. A download is the one network
access planparse makes, and only for an address the user gave. It is bounded
three ways, so a slow or hostile server cannot hang or fill a batch: a time
limit on the whole download (requests' own timeout is per socket read, which
a server trickling a byte a second never trips), a size cap checked against
the declared length and again while streaming, and the content type, which
must be one of the formats planparse reads (a login page or an image is
refused before its body is read). The file is written beside its final name
and renamed when whole, so the cache never holds half a plan; a cached copy
is reused (``refresh=True`` fetches it again), which keeps a re-run of a
batch offline and its outputs reproducible.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from planparse import __version__
from planparse.errors import InputError
from planparse.readers.formats import READABLE, SUFFIXES

DEFAULT_TIMEOUT = 120.0  # seconds for the whole download
DEFAULT_MAX_BYTES = 200 * 2**20  # larger than any plan; a 'plan' this big is a bomb or the wrong file
CHUNK = 1 << 16
# content types of the formats planparse reads, with the suffix a file of that type is saved under
CONTENT_TYPES: dict[str, str | None] = {
    "application/pdf": ".pdf", "application/x-pdf": ".pdf", "text/html": ".html", "application/xhtml+xml": ".html",
    "text/plain": ".txt", "text/csv": ".csv", "text/tab-separated-values": ".tsv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.oasis.opendocument.text": ".odt",
    # servers that do not say: the name in the address, or the bytes, decide
    "application/octet-stream": None, "binary/octet-stream": None, "application/download": None,
    "application/x-download": None, "application/force-download": None,
}
_DISPOSITION_NAME = re.compile(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", re.I)


def is_url(value: object) -> bool:
    """An http(s) address, as given on the command line or to parse_many."""
    return isinstance(value, str) and urlparse(value).scheme in ("http", "https") and bool(urlparse(value).netloc)


def default_cache_dir() -> Path:
    """$PLANPARSE_CACHE, else $XDG_CACHE_HOME/planparse/downloads, else ~/.cache/planparse/downloads."""
    if os.environ.get("PLANPARSE_CACHE"):
        return Path(os.environ["PLANPARSE_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "planparse" / "downloads"


def fetch(url: str, cache_dir: str | Path | None = None, *, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = DEFAULT_MAX_BYTES, refresh: bool = False) -> Path:
    """Download `url` into `cache_dir` (default: default_cache_dir()) and return the file's path.

    Raises InputError with a one-line message: DownloadFailed (unreachable,
    HTTP error), DownloadTimeout, DownloadTooLarge, UnsupportedContentType.
    """
    import requests

    if not is_url(url):
        raise InputError("NotAURL", f"{url!r} is not an http(s) address")
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    folder = folder / hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    if not refresh and folder.is_dir():
        cached = [p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".part")]
        if cached:
            return cached[0]
    start = time.monotonic()
    try:
        response = requests.get(url, stream=True, allow_redirects=True, timeout=(min(timeout, 30.0), timeout),
                                headers={"User-Agent": f"planparse/{__version__} (plan research)"})
    except requests.Timeout:
        raise InputError("DownloadTimeout", f"{url}: no answer within {timeout:g} s") from None
    except requests.RequestException as exc:
        raise InputError("DownloadFailed", f"{url}: {_reason(exc)}") from None
    with response:
        if response.status_code >= 400:
            raise InputError("DownloadFailed", f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip())
        ctype = (response.headers.get("Content-Type") or "application/octet-stream").split(";")[0].strip().lower()
        if ctype not in CONTENT_TYPES:
            raise InputError("UnsupportedContentType", f"{url} is {ctype}; planparse reads {READABLE}")
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise InputError("DownloadTooLarge", f"{url} is {int(declared) / 2**20:.1f} MB, over the "
                                                 f"{max_bytes / 2**20:g} MB cap")
        name = _file_name(response.url or url, response.headers.get("Content-Disposition"), CONTENT_TYPES[ctype])
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        fd, part = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        try:
            size = 0
            with os.fdopen(fd, "wb") as fh:
                for chunk in response.iter_content(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputError("DownloadTooLarge", f"{url} is over the {max_bytes / 2**20:g} MB cap")
                    if time.monotonic() - start > timeout:
                        raise InputError("DownloadTimeout", f"{url}: not finished within {timeout:g} s")
                    fh.write(chunk)
            if time.monotonic() - start > timeout:
                raise InputError("DownloadTimeout", f"{url}: not finished within {timeout:g} s")
            for old in folder.iterdir():  # a refresh replaces the copy, whatever it was called
                if old.is_file() and old.name != name and not old.name.endswith(".part"):
                    old.unlink()
            os.replace(part, target)
        except requests.RequestException as exc:
            Path(part).unlink(missing_ok=True)
            kind = "DownloadTimeout" if isinstance(exc, requests.Timeout) else "DownloadFailed"
            raise InputError(kind, f"{url}: {_reason(exc)}") from None
        except BaseException:
            Path(part).unlink(missing_ok=True)
            raise
    return target


def _file_name(url: str, disposition: str | None, suffix: str | None) -> str:
    """The server's file name, else the last part of the address; with the suffix its content type implies."""
    name = ""
    if disposition:
        m = _DISPOSITION_NAME.search(disposition)
        if m:
            name = unquote(m.group(1)).strip()
    if not name:
        name = unquote(urlparse(url).path.rstrip("/").rsplit("/", 1)[-1])
    name = re.sub(r"[^\w.\-]+", "_", Path(name).name).strip("._") or "plan"
    if suffix and Path(name).suffix.lower() not in SUFFIXES:
        name += suffix
    elif suffix and SUFFIXES[Path(name).suffix.lower()] != SUFFIXES.get(suffix):
        name = Path(name).stem + suffix  # 'report.aspx' served as PDF is a PDF
    return name[:120]


def _reason(exc: Exception) -> str:
    """The last line of what requests says (it nests urllib3's exceptions several deep)."""
    text = " ".join(str(exc).split())
    m = re.search(r"\[Errno -?\d+\] ([^')\]]+)", text)
    return m.group(1) if m else (text[:200] or type(exc).__name__)
