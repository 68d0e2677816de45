"""Headless Chromium for the page checks: Debian's chromium and chromedriver, driven by Selenium.

Playwright's own browser download does not work on the machines this runs
on; the distribution's browser does, and chromedriver from the same package
set matches its version, so Selenium needs to fetch nothing. Each session
gets a fresh profile folder and the flags that keep the browser off the
network and quiet. `.ci/run` installs the packages when they are missing, so
the checks run in CI; elsewhere a machine without them skips the checks with
the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
LAPTOP = (1366, 768)  # the commonest laptop screen


def require_chromium() -> None:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver; "
                    ".ci/run installs them)")


@contextlib.contextmanager
def chromium(width: int = LAPTOP[0], height: int = LAPTOP[1]) -> Iterator[Any]:
    """A Selenium WebDriver on headless Chromium with a fresh profile, quit and cleaned up afterwards."""
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="planparse-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(60)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot_path(tmp_path: Path, name: str) -> Path:
    """Where a test's screenshot goes: $PLANPARSE_SCREENSHOTS (to keep and look at) or the test's tmp folder."""
    folder = Path(os.environ.get("PLANPARSE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def horizontal_overflow(driver: Any) -> list[str]:
    """Elements wider than the window, or whose content is wider than they are (a sideways scroll)."""
    return driver.execute_script("""
        const width = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > width) out.push('page: ' + document.documentElement.scrollWidth);
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 1 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
                out.push(el.tagName + ' ' + Math.round(box.right) + ' ' + el.scrollWidth + '/' + el.clientWidth);
        }
        return out.slice(0, 10);
    """)
