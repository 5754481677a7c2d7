"""Authentication by API key and by password, with rate limits on failed logins."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.identity.api_key import format_key, parse_key
from domain.identity.auth import INVALID_KEY, INVALID_LOGIN
from domain.kernel.errors import InvalidArgument, ResourceExhausted, Unauthenticated
from domain.kernel.roles import Role

PASSWORD = "correct horse battery"


async def _auth_failure(uc, presented: str) -> str:
    with pytest.raises(Unauthenticated) as exc:
        await uc.authenticate.execute(presented)
    return str(exc.value)


async def test_every_bad_key_fails_with_the_same_message(uc, world, clock, alice, bob) -> None:
    parsed = parse_key(alice.key)
    assert parsed is not None
    wrong_secret = parsed.secret[:-1] + ("A" if parsed.secret[-1] != "A" else "B")
    revoked = await uc.create_api_key.execute(alice.principal, "to revoke", "", None)
    await uc.revoke_api_key.execute(alice.principal, revoked.key.id)
    expiring = await uc.create_api_key.execute(alice.principal, "short", "", timedelta(hours=1))
    await uc.deactivate_user.execute(bob.principal, bob.id)
    clock.advance(3601)
    presented = {
        "empty": "",
        "malformed": "Bearer nonsense",
        "short public id": "sk_abc_" + parsed.secret,
        "no secret": f"sk_{parsed.public_id}_",
        "unknown": format_key("zzzzzzzzzzzz", parsed.secret),
        "wrong secret": format_key(parsed.public_id, wrong_secret),
        "revoked": revoked.secret,
        "expired": expiring.secret,
        "inactive owner": bob.key,
    }
    messages = {name: await _auth_failure(uc, key) for name, key in presented.items()}
    assert set(messages.values()) == {INVALID_KEY}
    assert (await uc.authenticate.execute(alice.key)).user_id == alice.id


async def test_authenticate_yields_the_keys_user_and_workspace_limit(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    principal = await world.limited(alice, ws.id)
    assert (principal.user_id, principal.email, principal.key_workspace_id) == (
        alice.id,
        "alice@example.com",
        ws.id,
    )
    assert alice.principal.key_workspace_id is None and not alice.principal.is_superuser


async def test_last_used_at_is_written_at_most_once_per_granularity(uc, world, clock, alice):
    key_id, first_use = alice.principal.api_key_id, clock.now()
    assert (await world.stored_key(key_id)).last_used_at == first_use
    clock.advance(30)
    await uc.authenticate.execute(alice.key)
    clock.advance(29)
    await uc.authenticate.execute(alice.key)
    assert (await world.stored_key(key_id)).last_used_at == first_use
    clock.advance(1)
    await uc.authenticate.execute(alice.key)
    assert (await world.stored_key(key_id)).last_used_at == first_use + timedelta(seconds=60)


async def test_wrong_password_and_unknown_email_fail_alike(uc, alice) -> None:
    with pytest.raises(Unauthenticated) as wrong:
        await uc.login.execute("alice@example.com", "not the password", "peer")
    with pytest.raises(Unauthenticated) as unknown:
        await uc.login.execute("nobody@example.com", PASSWORD, "peer")
    assert str(wrong.value) == str(unknown.value) == INVALID_LOGIN


async def test_user_without_a_password_cannot_log_in(uc, world) -> None:
    nopw = await world.person("oauthonly", password="")
    with pytest.raises(Unauthenticated, match=INVALID_LOGIN):
        await uc.login.execute(nopw.email, "anything", "peer")


async def test_login_key_authenticates_and_expires_after_12_hours(uc, clock, alice) -> None:
    result = await uc.login.execute("  ALICE@Example.com ", PASSWORD, "peer")
    key = result.issued.key
    assert result.user.id == alice.id and key.user_id == alice.id and key.workspace_id is None
    assert key.expires_at - key.created_at == timedelta(hours=12)
    assert result.user.last_login_at == clock.now()
    clock.advance(12 * 3600 - 1)
    assert (await uc.authenticate.execute(result.issued.secret)).api_key_id == key.id
    clock.advance(1)
    with pytest.raises(Unauthenticated):
        await uc.authenticate.execute(result.issued.secret)


async def test_login_records_last_login(uc, world, clock, alice) -> None:
    clock.advance(5)
    await uc.login.execute(alice.email, PASSWORD, "peer")
    assert (await world.stored_user(alice.id)).last_login_at == clock.now()


async def test_inactive_user_cannot_log_in(uc, alice) -> None:
    await uc.deactivate_user.execute(alice.principal, alice.id)
    with pytest.raises(Unauthenticated, match=INVALID_LOGIN):
        await uc.login.execute(alice.email, PASSWORD, "peer")


@pytest.mark.parametrize(
    ("email", "password", "field"), [("  ", "pw", "email"), ("a@example.com", "", "password")]
)
async def test_login_without_email_or_password_is_invalid(uc, email, password, field) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await uc.login.execute(email, password, "peer")
    assert exc.value.violations[0].field == field


async def _fail(uc, email: str, peer: str, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(Unauthenticated):
            await uc.login.execute(email, "wrong password", peer)


async def test_five_failures_lock_the_email_even_for_the_right_password(uc, clock, alice):
    for i in range(5):
        await _fail(uc, alice.email, f"peer-{i}")
    with pytest.raises(ResourceExhausted) as exc:
        await uc.login.execute(alice.email, PASSWORD, "fresh-peer")
    assert 0 < exc.value.retry_after_seconds <= 300
    clock.advance(300)
    assert (await uc.login.execute(alice.email, PASSWORD, "fresh-peer")).user.id == alice.id


async def test_five_failures_from_one_peer_lock_that_peer_across_emails(uc, alice) -> None:
    for i in range(5):
        await _fail(uc, f"stranger-{i}@example.com", "10.0.0.9")
    with pytest.raises(ResourceExhausted) as exc:
        await uc.login.execute(alice.email, PASSWORD, "10.0.0.9")
    assert exc.value.retry_after_seconds > 0
    assert (await uc.login.execute(alice.email, PASSWORD, "10.0.0.10")).user.id == alice.id


async def test_retry_after_counts_down_with_the_clock(uc, clock, alice) -> None:
    await _fail(uc, alice.email, "peer", times=5)
    clock.advance(100)
    with pytest.raises(ResourceExhausted) as exc:
        await uc.login.execute(alice.email, PASSWORD, "other")
    assert exc.value.retry_after_seconds == pytest.approx(200)


async def test_successful_login_resets_the_emails_failures(uc, alice) -> None:
    for i in range(4):
        await _fail(uc, alice.email, f"a-{i}")
    await uc.login.execute(alice.email, PASSWORD, "home")
    for i in range(4):
        await _fail(uc, alice.email, f"b-{i}")
    assert (await uc.login.execute(alice.email, PASSWORD, "home")).user.id == alice.id


async def test_whoami_with_a_limited_key_shows_only_that_workspace(uc, world, alice) -> None:
    a = await world.workspace(alice, "ws-a")
    await world.workspace(alice, "ws-b")
    everything = await uc.whoami.execute(alice.principal)
    assert len(everything.memberships) == 2
    limited = await world.limited(alice, a.id)
    only_a = await uc.whoami.execute(limited)
    assert [(ws.id, role) for ws, role in only_a.memberships] == [(a.id, Role.OWNER)]
    assert only_a.key.id == limited.api_key_id
