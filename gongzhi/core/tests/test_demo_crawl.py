"""Crawl the demo as every demo login, as a newcomer clicking through it would.

Every link a page shows must open (no 403, 404 or 500 behind a link), no page shows a login
name (people are shown by their display names), and the Chinese interface shows no English
left untranslated. The crawl follows the links of each page (GET only, never logout), visiting
at most a few pages of each URL shape so that it stays fast while reaching every kind of page.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.management import call_command

from gongzhi.accounts.models import User

PAGES_PER_SHAPE = 2
SKIPPED_PREFIXES = ("/admin/", "/accounts/logout", "/static/", "/api/v1/docs", "/jobs/")

# Words that stay as they are in a Chinese interface: names of formats, products and standards.
ALLOWED_ENGLISH = {
    "PDF", "Excel", "API", "OpenAPI", "JSON", "QR", "SMS", "WeChat", "ID", "URL", "xlsx", "csv",
    "English", "HTMX", "TOTP", "Atom", "Email", "email", "Fernet", "PostgreSQL", "SQLite",
}
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ \-'][A-Za-z]{2,})+")


class PageReader(HTMLParser):
    """Collects the links and the visible text of an HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.links.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def shape(path: str) -> str:
    """The URL with its ids replaced, so that /casework/cases/12/ and /casework/cases/13/ agree."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def crawl(client, start: str = "/") -> dict:
    seen_shapes: Counter = Counter()
    visited: set[str] = set()
    queue = deque([(start, "(start)")])
    report = {"dead": [], "login_names": [], "english": [], "pages": 0}
    usernames = set(User.objects.exclude(password__startswith="!")
                    .values_list("username", flat=True))
    while queue:
        url, referrer = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        path = urlsplit(url).path
        if seen_shapes[shape(path)] >= PAGES_PER_SHAPE:
            continue
        seen_shapes[shape(path)] += 1
        response = client.get(url, follow=True)
        report["pages"] += 1
        if response.status_code != 200:
            report["dead"].append((url, response.status_code, referrer))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        reader = PageReader()
        reader.feed(response.content.decode())
        text = "\n".join(reader.text)
        for name in usernames:
            if re.search(rf"(?<![\w@]){re.escape(name)}(?![\w@])", text):
                report["login_names"].append((url, name))
        for run in ENGLISH_RUN.findall(text):
            if not set(re.split(r"[ \-']", run)) <= ALLOWED_ENGLISH:
                report["english"].append((url, run))
        for href in reader.links:
            target, _fragment = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if not parts.path.startswith(SKIPPED_PREFIXES) and local not in visited:
                queue.append((local, url))
    return report


def test_the_demo_crawled_as_every_login_has_no_dead_link_login_name_or_english(client, db):
    # given the demo as `make demo` loads it
    call_command("seed_demo", verbosity=0)
    logins = list(User.objects.filter(display_name__endswith="（演示）")
                  .exclude(password__startswith="!").exclude(is_superuser=True)
                  .values_list("username", flat=True))
    assert len(logins) >= 11

    problems = {}
    for username in logins:
        # when the login clicks through every page it can reach
        client.logout()
        client.force_login(User.objects.get(username=username))
        report = crawl(client)

        # then every page answered, with no login name and no untranslated English
        assert report["pages"] > 5, username
        found = {key: value for key, value in report.items() if key != "pages" and value}
        if found:
            problems[username] = found
    assert problems == {}, "\n".join(
        f"{username} {kind}: {finding}" for username, found in problems.items()
        for kind, findings in found.items() for finding in findings)
