"""Value objects of identity: emails, usernames, slugs, names, passwords and roles."""

from __future__ import annotations

import pytest

from domain.identity.values import (
    normalize_email,
    validate_name,
    validate_password,
    validate_slug,
    validate_url,
    validate_username,
)
from domain.kernel.errors import InvalidArgument
from domain.kernel.roles import Role


def _violation(exc: pytest.ExceptionInfo[InvalidArgument]) -> tuple[str, str]:
    (v,) = exc.value.violations
    return v.field, v.description


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Alice@Example.COM", "alice@example.com"),
        ("  bob@example.org \t\n", "bob@example.org"),
        ("O'Neil+Tag@Sub.Example.co.uk", "o'neil+tag@sub.example.co.uk"),
    ],
)
def test_email_is_trimmed_and_lower_cased(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize("raw", ["", "   "])
def test_blank_email_is_required(raw: str) -> None:
    with pytest.raises(InvalidArgument) as exc:
        normalize_email(raw, "user.email")
    assert _violation(exc) == ("user.email", "is required")


@pytest.mark.parametrize(
    "raw",
    [
        "plainaddress",
        "a@localhost",
        "a b@example.com",
        "@example.com",
        "a@@example.com",
        "a@-example.com",
        "a@example-.com",
        "a@example..com",
        "x" * 65 + "@example.com",
        "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".com",  # 260 characters
    ],
)
def test_malformed_email_is_rejected_naming_the_field(raw: str) -> None:
    with pytest.raises(InvalidArgument) as exc:
        normalize_email(raw, "user.email")
    assert _violation(exc) == ("user.email", "is not a valid email address")


@pytest.mark.parametrize("slug", ["ab", "a1", "0-team", "team-", "a--b", "a" * 63, "my-ws-2"])
def test_slug_accepts_lowercase_alphanumerics_and_hyphens(slug: str) -> None:
    assert validate_slug(slug) == slug


@pytest.mark.parametrize(
    "slug",
    ["", "a", "-ab", "Ab", "aB", "ab_c", "a b", "ab.", "a" * 64, "ümlaut", "ab\n", " ab"],
)
def test_slug_outside_the_pattern_is_rejected(slug: str) -> None:
    with pytest.raises(InvalidArgument) as exc:
        validate_slug(slug, "workspace.slug")
    assert _violation(exc) == ("workspace.slug", "must match ^[a-z0-9][a-z0-9-]{1,62}$")


@pytest.mark.parametrize("name", ["abc", "a.b", "A_b-c.9", "1ab", "a" * 64])
def test_username_accepts_three_to_64_allowed_characters(name: str) -> None:
    assert validate_username(name) == name


def test_username_is_trimmed() -> None:
    assert validate_username("  alice  ") == "alice"


@pytest.mark.parametrize("name", ["", "ab", "_abc", ".abc", "-abc", "ab c", "al!ce", "a" * 65])
def test_username_outside_the_rules_is_rejected(name: str) -> None:
    with pytest.raises(InvalidArgument) as exc:
        validate_username(name)
    assert _violation(exc)[0] == "username"


def test_name_is_trimmed() -> None:
    assert validate_name("  Acme Corp  ") == "Acme Corp"


def test_blank_name_is_required_unless_optional() -> None:
    with pytest.raises(InvalidArgument) as exc:
        validate_name("   ", "workspace.name")
    assert _violation(exc) == ("workspace.name", "is required")
    assert validate_name("   ", required=False) == ""


def test_name_may_have_255_characters_but_not_256() -> None:
    assert validate_name("n" * 255) == "n" * 255
    with pytest.raises(InvalidArgument) as exc:
        validate_name("n" * 256)
    assert _violation(exc) == ("name", "must be at most 255 characters")


@pytest.mark.parametrize(("length", "ok"), [(5, False), (6, True), (1024, True), (1025, False)])
def test_password_length_is_6_to_1024(length: int, ok: bool) -> None:
    raw = "p" * length
    if ok:
        assert validate_password(raw) == raw
    else:
        with pytest.raises(InvalidArgument) as exc:
            validate_password(raw)
        assert _violation(exc)[0] == "password"


@pytest.mark.parametrize("url", ["", "https://example.com/a.png", "http://x.io"])
def test_picture_url_is_empty_or_http(url: str) -> None:
    assert validate_url(url, "picture_url") == url


@pytest.mark.parametrize("url", ["ftp://example.com", "javascript:alert(1)", "https://a b"])
def test_picture_url_that_is_not_http_is_rejected(url: str) -> None:
    with pytest.raises(InvalidArgument):
        validate_url(url, "picture_url")


def test_roles_are_ordered_viewer_member_admin_owner() -> None:
    assert Role.VIEWER < Role.MEMBER < Role.ADMIN < Role.OWNER
    assert sorted([Role.OWNER, Role.VIEWER, Role.ADMIN, Role.MEMBER]) == list(Role)
    assert Role.ADMIN.at_least(Role.MEMBER)
    assert not Role.MEMBER.at_least(Role.ADMIN)


def test_role_parses_case_insensitively_and_has_a_lowercase_label() -> None:
    assert Role.parse("Admin") is Role.ADMIN
    assert Role.OWNER.label == "owner"
    with pytest.raises(KeyError):
        Role.parse("emperor")
