"""The full vote record as a PDF, for the planning application and for court (民法典 art. 280):
the rule applied, the frozen electorate, every ballot, proxy, correction and objection."""

from django.template.loader import render_to_string
from django.utils import translation

from gongzhi.deliberation import selectors, services


def vote_record_html(vote) -> str:
    with translation.override("zh-hans"):
        return render_to_string("deliberation/vote_record.html", {
            "vote": vote, "electors": selectors.vote_electors(vote),
            "ballots": selectors.vote_ballots(vote), "proxies": selectors.vote_proxies(vote),
            "objections": selectors.vote_objections(vote),
            "tally": vote.result or (services.vote_result(vote) if vote.rule_set_id else None),
        })


def vote_record_pdf(vote) -> bytes:
    from weasyprint import HTML

    return HTML(string=vote_record_html(vote)).write_pdf()
