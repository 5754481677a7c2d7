"""HMAC-SHA-256 signatures of audit checkpoints under STRATA_AUDIT_CHECKPOINT_SECRET."""

from __future__ import annotations

import hashlib
import hmac


class HmacCheckpointSigner:
    """Signs with the secret; with none, `enabled` is False and nothing is signed."""

    def __init__(self, secret: str = "") -> None:
        self._secret = secret.encode()

    @property
    def enabled(self) -> bool:
        return bool(self._secret)

    def sign(self, message: str) -> str:
        if not self._secret:
            raise RuntimeError("no checkpoint secret is set")
        return hmac.new(self._secret, message.encode(), hashlib.sha256).hexdigest()

    def matches(self, message: str, signature: str) -> bool:
        return self.enabled and hmac.compare_digest(self.sign(message), signature)
