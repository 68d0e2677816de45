"""The comparison page as a researcher opens it: a laptop screen, no sideways scrolling, actions linked back.

Plans of two domains (three domestic abuse plans, a suicide prevention
strategy) and one plan published as a Word file, through `planparse compare
--html`, opened in headless Chromium at 1366x768 and screenshotted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from browser import chromium, horizontal_overflow, require_chromium, screenshot_path
from planparse.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "corpora"


def test_comparison_page_fits_a_laptop_and_links_every_action(sample_formats: dict[str, Path],
                                                              tmp_path: Path) -> None:
    require_chromium()
    src = tmp_path / "plans"
    src.mkdir()
    for text in sorted((CORPUS / "text").glob("*.txt")):
        shutil.copy(text, src / text.name)
    shutil.copy(CORPUS / "real" / "wsx_suicide_prevention_strategy_2017-20.pdf", src)
    shutil.copy(sample_formats["docx"], src)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["convert", str(src), "-o", str(out), "--workers", "0", "--quiet"]).exit_code == 0
    page = tmp_path / "compare.html"
    result = runner.invoke(main, ["compare", str(out), "--html", str(page)])
    assert result.exit_code == 0, result.output
    with chromium() as driver:
        driver.get(page.resolve().as_uri())
        assert driver.find_element("css selector", "h1").text.startswith("Plan comparison: 5 plans")
        assert horizontal_overflow(driver) == []
        links = driver.find_elements("css selector", "table.actions a")
        hrefs = [a.get_attribute("href") for a in links]
        assert len(links) == 27 + 35 + 25 + 7 + 6  # every action, each with its link
        pdf_links = [h for h in hrefs if "wsx_suicide" in h]
        assert pdf_links and all(h.startswith("file:") and "#page=" in h for h in pdf_links)
        actions = driver.find_element("css selector", "table.actions").text
        assert "nan" not in actions.split() and "None" not in actions.split()
        themes = driver.find_element("id", "themes").find_element("xpath", "following-sibling::table").text
        assert "Domestic abuse: Prevention" in themes and "Health and wellbeing: Live well" in themes
        driver.save_screenshot(str(screenshot_path(tmp_path, "compare-top.png")))
        driver.execute_script("document.getElementById('actions').scrollIntoView()")
        driver.save_screenshot(str(screenshot_path(tmp_path, "compare-actions.png")))
