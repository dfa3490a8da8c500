"""Log in to a running demo and save screenshots of the main pages, phone and desktop.

Usage: python scripts/screenshots.py [BASE_URL] [OUT_DIR] [USERNAME]
Uses Debian's chromium (/usr/bin/chromium); never downloads a browser.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screens")
USER = sys.argv[3] if len(sys.argv) > 3 else "yongtai_staff"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for label, viewport in [("phone", {"width": 390, "height": 844}),
                                ("desktop", {"width": 1280, "height": 900})]:
            page = browser.new_page(viewport=viewport, locale="zh-CN")
            errors: list[str] = []
            page.on("console", lambda m, sink=errors: sink.append(m.text)
                    if m.type == "error" else None)
            page.goto(f"{BASE}/accounts/login/")
            page.screenshot(path=OUT / f"{label}-login.png", full_page=True)
            page.fill("#id_username", USER)
            page.fill("#id_password", "gongzhi-demo")
            page.click("[data-testid=login-submit]")
            page.wait_for_load_state()
            for name, path in [("home", "/"), ("communities", "/places/"),
                               ("community", None), ("building", None)]:
                if path is None and name == "community":
                    page.goto(f"{BASE}/places/")
                    page.click("table >> text=永泰社区")
                elif path is None:
                    page.click("table >> a >> nth=0")
                else:
                    page.goto(f"{BASE}{path}")
                page.wait_for_load_state()
                page.screenshot(path=OUT / f"{label}-{name}.png", full_page=True)
            print(label, "console errors:", errors)
        browser.close()


if __name__ == "__main__":
    main()
