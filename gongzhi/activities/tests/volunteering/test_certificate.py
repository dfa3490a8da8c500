"""The service-record certificate: a PDF with the fields the regulation asks for."""

import datetime
from pathlib import Path

import pypdfium2

from gongzhi.activities.tests.factories import at
from gongzhi.activities.tests.volunteering.factories import record_service, volunteering_of_a
from gongzhi.activities.volunteering import printing, services

NOW = at("2026-03-10", 9)


def pdf_text_and_png(pdf: bytes, png: Path | None = None) -> str:
    document = pypdfium2.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    if png is not None:
        document[0].render(scale=1.5).to_pil().save(png)
    return text


def test_the_certificate_shows_the_services_and_the_total(world, tmp_path):
    # given resident_a's 3-hour shift, a 2-hour one corrected to 2.5, one outside the period
    v = volunteering_of_a(world)
    staff = world.users["staff_a"]
    corrected = record_service(v.resident, 2, post=v.post, day=datetime.date(2026, 3, 5))
    services.hours_correction_record(actor=staff, entry=corrected, hours="2.5", note="补记")
    record_service(v.resident, 4, post=v.post, day=datetime.date(2026, 2, 27))
    # when the volunteer has a certificate for March issued and printed
    certificate = services.certificate_issue(actor=world.users["resident_a"],
                                             volunteer=v.resident,
                                             start=datetime.date(2026, 3, 1), now=NOW)
    text = pdf_text_and_png(printing.certificate_pdf(certificate), tmp_path / "cert.png")
    flat = text.replace("\r", "").replace("\n", "").replace(" ", "")
    # then the page shows the name, the masked ID number, each service with its hours,
    # the total, the issuer, the date and the serial
    assert "志愿服务记录证明" in flat
    assert "甲住户" in flat
    assert world.person_resident_a.id_number_masked.replace(" ", "") in flat
    assert "198803150025" not in flat  # never the full ID number
    assert "2026-03-02甲卡点值守" in flat and "2026-03-05甲卡点值守（经更正）" in flat
    assert "2.5" in flat and "5.5" in flat
    assert "2026-02-27" not in flat
    assert "甲社区居民委员会" in flat
    assert "2026年3月10日" in flat
    assert certificate.serial in flat
    assert (tmp_path / "cert.png").stat().st_size > 10_000
