"""The full vote record as a PDF, for the planning application and for court (民法典 art. 280):
the rule applied, the frozen electorate, every ballot, proxy, correction and objection."""

import base64

from django.template.loader import render_to_string
from django.utils import translation

from gongzhi.deliberation.votes import selectors, services


def vote_record_html(vote) -> str:
    with translation.override("zh-hans"):
        return render_to_string("deliberation/vote_record.html", {
            "vote": vote, "electors": selectors.vote_electors(vote),
            "ballots": selectors.vote_ballots(vote), "proxies": selectors.vote_proxies(vote),
            "objections": selectors.vote_objections(vote),
            "tally": vote.result or (services.vote_result(vote) if vote.rule_set_id else None),
            "photos": publicity_photos_for_print(vote),
        })


def vote_record_pdf(vote) -> bytes:
    from weasyprint import HTML  # lazy: loads Pango and fonts, needed only for a PDF

    return HTML(string=vote_record_html(vote)).write_pdf()


def _photo_data_uri(photo) -> str:
    """The photo inlined, so that WeasyPrint needs no URL to a private file."""
    with photo.file.open("rb") as handle:
        data = base64.b64encode(handle.read()).decode("ascii")
    return f"data:{photo.content_type};base64,{data}"


def publicity_photos_for_print(vote) -> list[dict]:
    return [{"photo": photo, "src": _photo_data_uri(photo)}
            for photo in selectors.publicity_photos(vote)]


def vote_notice_html(vote) -> str:
    """The result notice (公示通知) for the building's board: large type, the result and both
    gates, each flat's cost share where there is a cost (room numbers, no names: PIPL), the
    publicity period and how to object."""
    with translation.override("zh-hans"):
        tally = vote.result or services.vote_result(vote)
        return render_to_string("deliberation/polls/vote_notice.html", {
            "vote": vote, "tally": tally,
            "shares": [row for row in tally.get("flats", [])] if vote.cost_total else [],
        })


def vote_notice_pdf(vote) -> bytes:
    from weasyprint import HTML  # lazy: loads Pango and fonts, needed only for a PDF

    return HTML(string=vote_notice_html(vote)).write_pdf()
