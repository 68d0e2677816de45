"""Which files a batch converts, which it leaves out and why, and what each output is called.

Folders are walked and globs expanded here rather than with ``glob.glob`` or
``Path.rglob``, because both follow a directory symlink that loops back into
its own folder until the OS gives up; a batch of downloads always holds one.
A folder of downloads also holds slides, images and spreadsheets of figures:
what a scan leaves out is listed with the reason (``scan_inputs``), so that a
plan in a format planparse does not read is never silently missing.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# what a folder scan or a glob converts; a file named on its own is converted whatever its name
INPUT_SUFFIXES = {".txt", ".text", ".pdf", ".docx", ".docm", ".odt", ".html", ".htm", ".xhtml", ".xlsx", ".xlsm",
                  ".csv"}
_GLOB_CHARS = frozenset("*?[")


@dataclass
class InputScan:
    """The files to convert, in a stable order, and the files a folder scan or glob left out, with why."""

    inputs: list[Path] = field(default_factory=list)
    ignored: list[tuple[Path, str]] = field(default_factory=list)


def expand_inputs(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given; folders searched recursively and globs expanded (plan suffixes only), in a stable order.

    Directory symlinks are followed once; one that leads back to a folder
    containing it is kept as an input of its own, so that it shows up in the
    manifest as a SymlinkLoop instead of hanging the walk or vanishing. The
    same file reached twice is converted once.
    """
    return scan_inputs(paths).inputs


def scan_inputs(paths: Iterable[Path | str]) -> InputScan:
    """expand_inputs, plus every file a folder scan or glob found and left out, with the reason."""
    scan = InputScan()
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if not os.path.lexists(p) and _GLOB_CHARS & set(str(p)):
            matches = _glob(str(p))
            candidates = []
            for m in matches:
                reason = None if m.is_dir() else why_ignored(m)
                if reason is None:
                    candidates.append(m)
                else:
                    scan.ignored.append((m, reason))
            candidates = candidates or ([] if matches else [p])  # no match at all: fails as NotFound
        else:
            candidates = [p]
        for c in candidates:
            walk = c.is_dir() and not (c.is_symlink() and _loops(c))
            for f in (_walk(c, scan.ignored) if walk else [c]):
                key = os.path.realpath(f)
                if key not in seen:
                    seen.add(key)
                    scan.inputs.append(f)
    return scan


def why_ignored(path: Path) -> str | None:
    """Why a scan leaves this file out (None: it is converted). The reasons are what a user can act on."""
    from planparse.readers.formats import UNREADABLE

    name = path.name
    suffix = path.suffix.lower()
    if name.startswith("~$"):
        return "an Office lock file (the document is open somewhere)"
    if name.startswith("."):
        return "a hidden file"
    if suffix in INPUT_SUFFIXES:
        return None
    if suffix == ".tsv":
        return "a TSV file: name it on its own to convert it as a table (folders hold TSV lists of sources)"
    if suffix == ".md":
        return "a Markdown file: name it on its own to convert it as text"
    if suffix in UNREADABLE:
        return UNREADABLE[suffix]
    return f"not a format planparse reads ({suffix or 'no extension'})"


def _glob(pattern: str) -> list[Path]:
    """glob, with ** walked by _walk: glob.glob(recursive=True) follows a looping link until the OS says stop."""
    if "**" not in pattern:
        return [Path(m) for m in sorted(glob.glob(pattern))]
    parts = pattern.split(os.sep)
    fixed = next(k for k, part in enumerate(parts) if _GLOB_CHARS & set(part))
    base = Path(os.sep.join(parts[:fixed]) or ("/" if pattern.startswith(os.sep) else "."))
    regex = _glob_regex(parts[fixed:])
    prefix = "" if str(base) == "." and not pattern.startswith("./") else str(base).rstrip(os.sep) + os.sep
    found = []
    others: list[tuple[Path, str]] = []
    walked = _walk(base, others) if base.is_dir() else []
    for f in sorted(walked + [o for o, _ in others]):
        rel = str(f)[len(prefix):] if str(f).startswith(prefix) else str(f)
        if regex.fullmatch(rel):
            found.append(f)
    return found


def _glob_regex(parts: list[str]) -> re.Pattern[str]:
    sep = re.escape(os.sep)
    out = []
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        if part == "**":
            out.append(".*" if last else f"(?:[^{sep}]*{sep})*")
            continue
        piece, i = "", 0
        while i < len(part):
            c = part[i]
            if c == "*":
                piece += f"[^{sep}]*"
            elif c == "?":
                piece += f"[^{sep}]"
            elif c == "[" and "]" in part[i + 2:]:  # a class: [abc], [!abc], []abc]
                end = part.index("]", i + 2)
                body = part[i + 1:end].replace("\\", "\\\\")
                piece += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
                i = end
            else:
                piece += re.escape(c)
            i += 1
        out.append(piece + ("" if last else sep))
    return re.compile("".join(out))


def _loops(link: Path) -> bool:
    target = os.path.realpath(link)
    parent = Path(os.path.realpath(link.parent))
    return Path(target) == parent or Path(target) in parent.parents


def _walk(root: Path, ignored: list[tuple[Path, str]] | None = None) -> list[Path]:
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def visit(folder: Path, ancestors: frozenset[tuple[int, int]]) -> None:
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        key = (st.st_dev, st.st_ino)
        if key in visited:
            return  # reached again through another link: its files are already listed
        visited.add(key)
        inner = ancestors | {key}
        for entry in entries:
            path = folder / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if entry.is_symlink():
                    try:
                        target = path.stat()
                    except OSError:
                        continue
                    if (target.st_dev, target.st_ino) in inner:
                        found.append(path)  # a loop: fails as SymlinkLoop rather than recursing forever
                        continue
                visit(path, inner)
            else:
                reason = why_ignored(path)
                if reason is None:
                    found.append(path)  # broken or looping file links too: they fail with their reason
                elif ignored is not None:
                    ignored.append((path, reason))

    # the folders above the root count as ancestors: a link to one of them leads back to the root
    above: set[tuple[int, int]] = set()
    for parent in Path(os.path.realpath(root)).parents:
        with contextlib.suppress(OSError):
            st = parent.stat()
            above.add((st.st_dev, st.st_ino))
    visit(root, frozenset(above))
    return sorted(found)


def output_names(inputs: list[Path]) -> dict[Path, str]:
    """<stem>.json, with a short hash of the path added where two inputs share a stem."""
    stems: dict[str, int] = {}
    for p in inputs:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    names = {}
    for p in inputs:
        if stems[p.stem] > 1:
            # realpath, not Path.resolve(): resolve() raises on a symlink loop before Python 3.13
            tag = hashlib.sha1(os.path.realpath(p).encode()).hexdigest()[:8]
            names[p] = f"{p.stem}-{tag}.json"
        else:
            names[p] = f"{p.stem}.json"
    return names

