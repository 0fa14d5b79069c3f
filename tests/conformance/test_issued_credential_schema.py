"""The credentials the running registry serves, for both kinds of award, against the 1EdTech schema."""

from __future__ import annotations

import base64
import json

from flask import Flask
from jsonschema.protocols import Validator

from registry.extensions import db
from registry.services import accounts, api_tokens, demo
from tests.conformance.test_open_badges_schema import validator  # noqa: F401  (the fixture)
from tests.factories import DOCUMENT_KEY


def test_every_issued_credential_validates(app: Flask, validator: Validator) -> None:  # noqa: F811
    from registry.infra.app_context import issue_context

    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        manager = accounts.find_user(db.session, "bsh-manager")
        assert manager is not None
        token = api_tokens.create_token(db.session, None, manager)
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    from sqlalchemy import select

    from registry.models import Certificate

    with app.app_context():
        numbers = list(db.session.scalars(select(Certificate.number)))
    kinds = set()
    for number in numbers:
        jws = client.get(f"/api/v1/certificates/{number}/credential", headers=headers).get_data(as_text=True)
        credential = json.loads(base64.urlsafe_b64decode(jws.split(".")[1] + "=="))
        errors = sorted(validator.iter_errors(credential), key=lambda error: list(error.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
        kinds.add(credential["credentialSubject"]["achievement"]["name"])
    assert len(numbers) == 3 and len(kinds) == 2
