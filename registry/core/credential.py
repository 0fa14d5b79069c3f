"""The Open Badges 3.0 OpenBadgeCredential (a W3C VC 2.0) for an issued certificate or statement of attainment.

Secured with registry.core.jose.sign_compact(credential, kid, key, typ="vc+jwt"): under VC-JOSE-COSE 1.0 the JWS
payload is this JSON as it stands, with no "vc" wrapper and no JWT claims that could contradict it (iss, jti, nbf).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from registry.core.frameworks import FRAMEWORKS, UNIT_CODE_PATTERN, Framework, is_isco08

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Named in the credential so that a verifier knows which schema to check it against (OB 3.0 "credentialSchema").
OB_V3_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
OB_V3_SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"

KIND_QUALIFICATION = "qualification"
KIND_STATEMENT_OF_ATTAINMENT = "statement_of_attainment"
KINDS: tuple[str, ...] = (KIND_QUALIFICATION, KIND_STATEMENT_OF_ATTAINMENT)

# 1EdTech's vocabulary (from CTDL) has no partial award; a statement of attainment is still a certificate issued by
# the same accredited centre against the same standard, and its name, criteria and results say that it is partial.
# "CertificateOfCompletion" would claim attendance, "Competency" a single skill, "Assessment" the event, not the award.
ACHIEVEMENT_TYPE = "Certificate"
# Extension terms ("ext:" prefix, as the schema's extensible enumerations require).
LEVEL_TARGET_TYPE = "ext:QualificationLevel"
OCCUPATION_TARGET_TYPE = "ext:Occupation"
UNIT_TARGET_TYPE = "ext:CompetencyUnit"
STATEMENT_FRAGMENT = "statement-of-attainment"

FRAMEWORK_TITLES: Mapping[str, str] = {
    "aqrf": "ASEAN Qualifications Reference Framework",
    "tpqi": "Thailand Professional Qualification Framework (TPQI)",
    "dsd": "Thailand National Skill Standards (Department of Skill Development)",
    "cqf": "Cambodia Qualifications Framework",
    "lao_tvet": "Lao PDR TVET Qualification Levels",
    "nssa": "Myanmar National Skills Standards (NSSA)",
}
ISCO08_TITLE = "International Standard Classification of Occupations (ISCO-08)"
# ESCO publishes one dereferenceable URI per ISCO-08 group; the ILO has no per-code URL.
ISCO08_URI = "http://data.europa.eu/esco/isco/C{code}"
COUNTRY_NAMES: Mapping[str, str] = {"KH": "Cambodia", "LA": "Lao PDR", "MM": "Myanmar", "TH": "Thailand"}

_URL = re.compile(r"^https?://[^\s#]+$")
_URN_UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class CredentialInput:
    """What a credential states; the caller has already left out every unit that was not achieved."""

    credential_id: str  # urn:uuid:... or an https URL
    number: str  # the printed certificate number
    holder_name: str  # Latin, as in the identity document and as printed
    holder_name_native: str  # in the holder's own script; "" when there is none
    issuer_id: str  # URL of the centre's profile
    issuer_name: str
    issuer_name_th: str
    issuer_country: str  # ISO 3166-1 alpha-2
    qualification_code: str
    title_en: str
    title_th: str
    title_holder_lang: str
    holder_lang: str  # en | th | km | lo | my
    description_en: str
    kind: str  # KIND_QUALIFICATION | KIND_STATEMENT_OF_ATTAINMENT
    levels: Mapping[str, int | None]  # keys among aqrf, tpqi, dsd, cqf, lao_tvet, nssa
    isco08: str
    achieved_units: Sequence[tuple[str, str]]  # (code, English title), in the qualification's order
    valid_from: datetime
    valid_until: datetime | None
    status_list_url: str
    status_index: int
    verify_url: str
    # URL of the qualification's public page, without a fragment. The page should carry the anchors
    # "level-<framework key>" and "unit-<unit code>" that alignments point to.
    achievement_id: str


def vc_datetime(moment: datetime) -> str:
    """`moment` in UTC as "YYYY-MM-DDThh:mm:ssZ" (whole seconds). Raises ValueError for a naive datetime."""
    if moment.utcoffset() is None:
        raise ValueError("a credential date needs a time zone; got a naive datetime")
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _validate(data: CredentialInput) -> None:
    _require(bool(_URN_UUID.match(data.credential_id) or _URL.match(data.credential_id)),
             f"credential_id must be urn:uuid:... or an http(s) URL, got {data.credential_id!r}")
    for field in ("issuer_id", "achievement_id", "status_list_url", "verify_url"):
        value = getattr(data, field)
        _require(bool(_URL.match(value)), f"{field} must be an http(s) URL without a fragment, got {value!r}")
    for field in ("number", "holder_name", "issuer_name", "qualification_code", "title_en", "description_en"):
        _require(bool(getattr(data, field).strip()), f"{field} must not be empty")
    _require(bool(_COUNTRY.match(data.issuer_country)), f"issuer_country must be alpha-2, got {data.issuer_country!r}")
    _require(data.kind in KINDS, f"kind must be one of {KINDS}, got {data.kind!r}")
    known = {framework.key for framework in FRAMEWORKS}
    _require(set(data.levels) <= known, f"unknown framework keys: {sorted(set(data.levels) - known)}")
    for framework in FRAMEWORKS:
        level = data.levels.get(framework.key)
        _require(level is None or level in framework.levels(),
                 f"{framework.short_name} level must be in {framework.lowest}..{framework.highest}, got {level}")
    _require(is_isco08(data.isco08), f"isco08 must be a four-digit ISCO-08 code, got {data.isco08!r}")
    _require(bool(data.achieved_units), "a credential lists at least one achieved unit")
    for code, title in data.achieved_units:
        _require(bool(UNIT_CODE_PATTERN.match(code)) and bool(title.strip()), f"bad unit {code!r}: {title!r}")
    _require(data.status_index >= 0, f"status_index must not be negative, got {data.status_index}")
    vc_datetime(data.valid_from)
    if data.valid_until is not None:
        vc_datetime(data.valid_until)
        _require(data.valid_until > data.valid_from, "valid_until must be after valid_from")


def _alignment(target_type: str, name: str, url: str, code: str, framework: str | None = None) -> dict[str, Any]:
    alignment: dict[str, Any] = {"type": ["Alignment"], "targetType": target_type, "targetName": name,
                                 "targetUrl": url, "targetCode": code}
    if framework is not None:
        alignment["targetFramework"] = framework
    return alignment


def _level_alignment(data: CredentialInput, framework: Framework, level: int) -> dict[str, Any]:
    return _alignment(LEVEL_TARGET_TYPE, f"{framework.short_name} level {level}",
                      f"{data.achievement_id}#level-{framework.key}", str(level), FRAMEWORK_TITLES[framework.key])


def _name_entries(*names: str) -> list[dict[str, str]]:
    # IdentifierEntry forbids extra members, so the language of each name cannot be stated; the script shows it.
    unique = [name for index, name in enumerate(names) if name.strip() and name not in names[:index]]
    return [{"type": "IdentifierEntry", "identifier": name, "identifierType": "name"} for name in unique]


def _issuer(data: CredentialInput) -> dict[str, Any]:
    issuer: dict[str, Any] = {
        "id": data.issuer_id,
        "type": ["Profile"],
        "name": data.issuer_name,
        "address": {
            "type": ["Address"],
            "addressCountry": COUNTRY_NAMES.get(data.issuer_country, data.issuer_country),
            "addressCountryCode": data.issuer_country,
        },
    }
    # The Profile has one "name"; the Thai name rides in otherIdentifier, the only schema-valid place for a second.
    other_names = _name_entries(data.issuer_name_th) if data.issuer_name_th != data.issuer_name else []
    if other_names:
        issuer["otherIdentifier"] = other_names
    return issuer


def _achievement(data: CredentialInput) -> dict[str, Any]:
    full = data.kind == KIND_QUALIFICATION
    qualification = f"{data.qualification_code} {data.title_en}"
    if full:
        # The achievement of a full award is the qualification itself, the same object for every holder.
        achievement_id, name = data.achievement_id, data.title_en
        narrative = (f"Every unit of competency of qualification {qualification}, each assessed competent or credited "
                     "by an assessor of an accredited centre, and the assessment endorsed by an independent moderator.")
    else:
        # A partial award must not present itself as the qualification: a wallet shows the achievement's name alone.
        achievement_id = f"{data.achievement_id}#{STATEMENT_FRAGMENT}"
        name = f"Statement of attainment towards {data.title_en}"
        narrative = (f"The units of competency of qualification {qualification} that are listed in this credential's "
                     "results, each assessed competent or credited by an assessor of an accredited centre, and the "
                     "assessment endorsed by an independent moderator. It is not the full qualification.")
    # The levels (and the occupation) are the qualification's: only the full award carries them. A wallet that
    # showed a statement's alignments would present part of a qualification as a level reached.
    alignments = [
        _level_alignment(data, framework, level)
        for framework in FRAMEWORKS
        if (level := data.levels.get(framework.key)) is not None
    ] if full else []
    if full:
        alignments.append(_alignment(OCCUPATION_TARGET_TYPE, f"ISCO-08 unit group {data.isco08}",
                                     ISCO08_URI.format(code=data.isco08), data.isco08, ISCO08_TITLE))
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPE,
        "name": name,
        "description": data.description_en,
        "criteria": {"narrative": narrative},
        "humanCode": data.qualification_code,
        "inLanguage": "en",
    }
    if alignments:
        achievement["alignment"] = alignments
    other_titles = _name_entries(data.title_th, data.title_holder_lang if data.holder_lang not in ("en", "th") else "")
    if other_titles:
        achievement["otherIdentifier"] = other_titles
    return achievement


def _unit_result(data: CredentialInput, code: str, title: str) -> dict[str, Any]:
    # Units go in the subject's results, not in the achievement: they are what this holder achieved, and for a
    # statement of attainment they differ from one holder to the next while the achievement stays the same.
    return {
        "type": ["Result"],
        "status": "Completed",
        "alignment": [_alignment(UNIT_TARGET_TYPE, title, f"{data.achievement_id}#unit-{code}", code)],
    }


def _identity(name: str) -> dict[str, Any]:
    # In clear (hashed false): the holder hands the credential over precisely so that the name can be compared
    # with the identity document; a hash of a name would be guessable anyway.
    return {"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False}


def open_badge_credential(data: CredentialInput) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for `data`, valid against the 1EdTech OB 3.0 AchievementCredential schema.

    Levels and the ISCO-08 code are alignments of the achievement; each achieved unit is a Result of the subject
    (status "Completed", aligned to the unit); the certificate number is the subject's licenseNumber; names in
    other scripts are otherIdentifier entries of type "name"; credentialStatus is a revocation entry in a Bitstring
    Status List. Raises ValueError for an unknown kind or framework, a level outside its framework, a malformed
    ISCO-08 code, unit, country, id or URL, no achieved unit, a naive date, or valid_until not after valid_from.
    """
    _validate(data)
    kind_label = "Certificate" if data.kind == KIND_QUALIFICATION else "Statement of attainment"
    identifiers = [_identity(data.holder_name)]
    if data.holder_name_native.strip() and data.holder_name_native != data.holder_name:
        identifiers.append(_identity(data.holder_name_native))
    achievement = _achievement(data)
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
        "id": data.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"],
        "description": (f"{kind_label} {data.number}: {data.qualification_code} {data.title_en}, "
                        f"issued by {data.issuer_name}. Check its current status at {data.verify_url}"),
        "issuer": _issuer(data),
        "validFrom": vc_datetime(data.valid_from),
        "awardedDate": vc_datetime(data.valid_from),
    }
    if data.valid_until is not None:
        credential["validUntil"] = vc_datetime(data.valid_until)
    credential["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "identifier": identifiers,
        "achievement": achievement,
        "result": [_unit_result(data, code, title) for code, title in data.achieved_units],
        # OB's member for the number an issuer gives a credential; a verifier can type it in at verify_url.
        "licenseNumber": data.number,
    }
    credential["credentialStatus"] = {
        "id": f"{data.status_list_url}#{data.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(data.status_index),
        "statusListCredential": data.status_list_url,
    }
    credential["credentialSchema"] = [{"id": OB_V3_SCHEMA, "type": OB_V3_SCHEMA_TYPE}]
    return credential

