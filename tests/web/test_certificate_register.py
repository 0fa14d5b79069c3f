"""/certificates: the register staff search, as a GET form that keeps its values, in pages, scoped."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.infra.app_context import issue_context
from registry.services import demo
from tests.factories import DOCUMENT_KEY, log_in


def _seed(app: Flask) -> None:
    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        db.session.commit()


def test_the_centre_head_finds_a_certificate_by_a_khmer_name(app: Flask, client: FlaskClient) -> None:
    _seed(app)
    log_in(client, "bsh-manager", "manager-demo-2026")
    client.set_cookie("lang", "en")
    assert 'href="/certificates"' in client.get("/dashboard").get_data(as_text=True)
    page = client.get("/certificates?q=ស្រីនាង").get_data(as_text=True)
    assert "1 certificate" in page and "SOK Sreyneang" in page and "Zaw Min Htun" not in page
    assert 'value="ស្រីនាង"' in page  # the search stays in its box
    revoked = client.get("/certificates?status=revoked").get_data(as_text=True)
    assert "Somphone Phommavong" in revoked and 'data-status="revoked"' in revoked
    everything = client.get("/certificates").get_data(as_text=True)
    assert "3 certificates" in everything
    number = re.search(r'href="/certificates/([A-Z0-9-]+)"', everything)
    assert number and client.get(f"/certificates/{number.group(1)}").status_code == 200


def test_a_wrong_date_is_said_and_the_rest_of_the_search_still_runs(app: Flask, client: FlaskClient) -> None:
    _seed(app)
    log_in(client, "bsh-manager", "manager-demo-2026")
    client.set_cookie("lang", "en")
    response = client.get("/certificates?issued_from=31/02/2026&q=zaw")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give a date as YYYY-MM-DD." in page and 'aria-invalid="true"' in page
    assert "Zaw Min Htun" in page and "SOK Sreyneang" not in page
    assert client.get("/certificates?status=nonsense&cohort=abc&page=-3").status_code == 200


def test_the_registry_sees_every_centre_and_the_public_nothing(app: Flask, client: FlaskClient) -> None:
    _seed(app)
    assert client.get("/certificates").status_code == 302  # to the login page
    log_in(client, "admin", "admin-demo-2026")
    page = client.get("/certificates?lang=th").get_data(as_text=True)
    assert "BSH" in page and "3 ใบ" in page
    # The registry's operator sees what was issued where, never to whom, and cannot look a worker up by name.
    for name in ("SOK Sreyneang", "សុខ", "Zaw Min Htun", "Somphone"):
        assert name not in page, name
    assert "0 ใบ" in client.get("/certificates?lang=th&q=Sreyneang").get_data(as_text=True)
    other = app.test_client()
    log_in(other, "pct-manager", "manager-demo-2026")
    assert "SOK Sreyneang" not in other.get("/certificates").get_data(as_text=True)


def test_pages_of_fifty_keep_the_search(app: Flask, client: FlaskClient) -> None:
    from registry.services import cohort_issuance
    from tests.factories import ISSUE_CONTEXT, make_endorsed_cohort

    with app.app_context():
        head, cohort = make_endorsed_cohort(db.session, size=53)
        cohort_issuance.issue_cohort(db.session, head, cohort, ISSUE_CONTEXT)
        db.session.commit()
        username, cohort_id = head.username, cohort.id
    log_in(client, username)
    client.set_cookie("lang", "en")
    first = client.get(f"/certificates?cohort={cohort_id}&status=valid").get_data(as_text=True)
    assert "53 certificates" in first and first.count('href="/certificates/') == 50
    assert f'href="/certificates?cohort={cohort_id}&amp;status=valid&amp;page=2" rel="next"' in first \
        or f'href="/certificates?page=2&amp;cohort={cohort_id}&amp;status=valid" rel="next"' in first
    second = client.get(f"/certificates?cohort={cohort_id}&status=valid&page=2").get_data(as_text=True)
    assert second.count('href="/certificates/') == 3 and "Page 2 of 2" in second
    beyond = client.get(f"/certificates?cohort={cohort_id}&page=9").get_data(as_text=True)
    assert "No certificate matches." in beyond  # a page past the end says so, it does not fail
