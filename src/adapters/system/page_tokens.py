"""Page tokens signed with HMAC-SHA-256 under a server secret (STRATA_PAGE_TOKEN_SECRET)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

TAG_BYTES = 16  # 128 bits of HMAC-SHA-256: forging one is out of reach
MAX_TOKEN_CHARS = 4096  # longer is not a token this signer made; refused before decoding
DERIVATION = b"strata page tokens v1"


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class HmacTokenSigner:
    """`<payload>.<tag>`, both base64url; the tag is checked in constant time."""

    def __init__(self, secret: bytes) -> None:
        if not secret:
            raise ValueError("a token signer needs a secret")
        self._secret = secret

    @classmethod
    def from_settings(cls, secret: str = "", key_pepper: str = "") -> HmacTokenSigner:
        """The page-token secret if set; else one derived from the key pepper (instances
        sharing the pepper accept each other's tokens); else a random one for this process
        only (tokens then fail on another instance or after a restart)."""
        if secret:
            return cls(secret.encode())
        if key_pepper:
            return cls(hmac.new(key_pepper.encode(), DERIVATION, hashlib.sha256).digest())
        return cls(secrets.token_bytes(32))

    def _tag(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:TAG_BYTES]

    def sign(self, payload: bytes) -> str:
        return f"{_encode(payload)}.{_encode(self._tag(payload))}"

    def verify(self, token: str) -> bytes | None:
        if len(token) > MAX_TOKEN_CHARS or not token.isascii():
            return None
        body, dot, tag = token.rpartition(".")
        if not dot:
            return None
        try:
            payload, given = _decode(body), _decode(tag)
        except (binascii.Error, ValueError):
            return None
        return payload if hmac.compare_digest(given, self._tag(payload)) else None
