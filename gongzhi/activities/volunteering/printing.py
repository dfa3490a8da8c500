"""The service-record certificate (志愿服务记录证明) as a PDF, drawn from an issued
certificate row.

The fields follow 志愿服务条例 art. 19 and 志愿服务记录与证明出具办法: the volunteer's name and
ID number (masked: the certificate leaves the office), the period, each service (date,
content, hours, organiser), the total, the issuing organisation (the community's residents'
committee), the date of issue and a serial number to verify it by."""

from django.template.loader import render_to_string
from django.utils import translation

from gongzhi.activities.volunteering import selectors


def certificate_html(certificate) -> str:
    volunteer = certificate.volunteer
    community = volunteer.community
    rows = [row for row in selectors.ledger_of(volunteer, start=certificate.period_start,
                                               end=certificate.period_end) if row.hours > 0]
    rows.reverse()  # oldest first on paper
    with translation.override("zh-hans"):
        return render_to_string("activities/volunteering/certificate.html", {
            "certificate": certificate, "volunteer": volunteer, "community": community,
            "id_number": volunteer.person.id_number_masked if volunteer.person_id else "",
            "rows": [{"row": row, "organiser": selectors.service_organiser(row.entry,
                                                                          community.name)}
                     for row in rows],
            "issuer": selectors.issuing_organisation(community),
        })


def certificate_pdf(certificate) -> bytes:
    from weasyprint import HTML  # lazy: loads Pango and fonts, needed only for a PDF

    return HTML(string=certificate_html(certificate)).write_pdf()
