"""Readers: one per input format, each returning the same Layout."""

from __future__ import annotations

import errno
import importlib
import os
import stat
from pathlib import Path

from planparse.errors import InputError
from planparse.layout import Layout
from planparse.readers.formats import sniff
from planparse.readers.text import read_text

PDF_BACKEND_VARIABLE = "PLANPARSE_PDF_BACKEND"


def read(path: Path, password: str | None = None, max_pages: int | None = None,
         backend: str | None = None) -> Layout:
    """Pick the reader from the file's bytes first and its name second (readers/formats.py).

    ``backend`` picks the library that reads PDF pages: "pdfium" (fast) or
    "pdfplumber" (the reference); when None, the PLANPARSE_PDF_BACKEND
    environment variable, else pdfium. The variable is how ``convert
    --pdf-backend`` reaches worker processes. Text files ignore it.
    """
    _check_file(path)
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF" in head:
        from planparse.readers.library_log import library_log
        from planparse.readers.pdf import DEFAULT_BACKEND, read_pdf

        with library_log() as log:
            choice = backend or os.environ.get(PDF_BACKEND_VARIABLE) or DEFAULT_BACKEND
            layout = read_pdf(path, password=password, max_pages=max_pages,
                              backend=choice)  # type: ignore[arg-type] - read_pdf checks the name
        layout.warnings.extend(log.warnings())
        return layout
    if path.suffix.lower() == ".pdf":
        if not head.strip():
            raise InputError("EmptyInput", f"{path.name} is empty")
        if head.startswith(b"PK\x03\x04"):
            kind = "a ZIP/Office file (DOCX?)"
        else:
            kind = "HTML" if head.lstrip()[:1] == b"<" else "not a PDF"
        raise InputError("NotAPDF", f"{path.name} is named .pdf but is {kind} (no %PDF header)")
    kind = sniff(path, head)
    if kind == "text":
        return read_text(path)
    module, function = _READERS[kind]
    return getattr(importlib.import_module(module), function)(path)


# the other formats' readers, imported when first used (python-docx, odfdo, openpyxl load in a blink but add up)
_READERS = {"docx": ("planparse.readers.docx", "read_docx"), "odt": ("planparse.readers.odt", "read_odt"),
            "html": ("planparse.readers.html", "read_html"), "xlsx": ("planparse.readers.sheet", "read_xlsx"),
            "csv": ("planparse.readers.sheet", "read_csv")}


def _check_file(path: Path) -> None:
    """NotFound / SymlinkLoop / NotAFile with a one-line reason, before any byte is read.

    A symlink loop used to read as NotFound (Path.exists swallows ELOOP),
    which sends the user looking for a file that is there.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError("NotFound", f"{path} does not exist") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("SymlinkLoop", f"{path} is a symlink loop (it resolves to itself)") from None
        raise
    if stat.S_ISDIR(st.st_mode):
        if path.is_symlink():
            target = Path(os.path.realpath(path))
            if target == Path(os.path.realpath(path.parent)) or target in Path(os.path.realpath(path.parent)).parents:
                raise InputError("SymlinkLoop", f"{path} links back to {target}, a folder that contains it")
        raise InputError("NotAFile", f"{path} is a directory")
