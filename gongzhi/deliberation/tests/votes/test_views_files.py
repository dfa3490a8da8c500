"""Uploaded scans and authorisations are served only through a permission check."""

from gongzhi.core.tests.scope_routes import paper_ballot_of_a


def test_the_scan_is_served_to_the_votes_managers_only(client, world):
    ballot = paper_ballot_of_a(world)
    assert not ballot.scan.url.startswith("/deliberation/")  # stored under MEDIA_ROOT
    client.force_login(world.users["secretary_a"])
    response = client.get(f"/deliberation/ballots/{ballot.pk}/scan/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ballot"
    assert response["Cache-Control"] == "private, no-store"
    proxy = client.get(f"/deliberation/proxies/{world.proxy_a.pk}/document/")
    assert b"".join(proxy.streaming_content) == b"%PDF-1.4 proxy"
    client.force_login(world.users["resident_a"])
    assert client.get(f"/deliberation/ballots/{ballot.pk}/scan/").status_code == 404
