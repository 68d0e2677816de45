"""Which files a batch converts, and what each output is called.

Folders are walked and globs expanded here rather than with ``glob.glob`` or
``Path.rglob``, because both follow a directory symlink that loops back into
its own folder until the OS gives up; a batch of downloads always holds one.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

INPUT_SUFFIXES = {".txt", ".text", ".pdf"}
_GLOB_CHARS = frozenset("*?[")


def expand_inputs(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given; folders searched recursively and globs expanded (plan suffixes only), in a stable order.

    Directory symlinks are followed once; one that leads back to a folder
    containing it is kept as an input of its own, so that it shows up in the
    manifest as a SymlinkLoop instead of hanging the walk or vanishing. The
    same file reached twice is converted once.
    """
    out: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if not os.path.lexists(p) and _GLOB_CHARS & set(str(p)):
            matches = _glob(str(p))
            candidates = [m for m in matches if m.is_dir() or m.suffix.lower() in INPUT_SUFFIXES] or [p]
        else:
            candidates = [p]
        for c in candidates:
            walk = c.is_dir() and not (c.is_symlink() and _loops(c))
            for f in (_walk(c) if walk else [c]):
                key = os.path.realpath(f)
                if key not in seen:
                    seen.add(key)
                    out.append(f)
    return out


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
    for f in (_walk(base) if base.is_dir() else []):
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


def _walk(root: Path) -> list[Path]:
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
            elif path.suffix.lower() in INPUT_SUFFIXES:
                found.append(path)  # broken or looping file links too: they fail with their reason

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

