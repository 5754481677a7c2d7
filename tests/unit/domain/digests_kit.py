"""The digest, feedback and preference use cases over the memory unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.system.basics import Uuid7Generator
from domain.content import digest_reads, digests, feedback, model_versions, preferences
from domain.content.deps import ContentDeps
from tests.unit.domain.conftest import PAGE_TOKENS


@dataclass
class D:
    create: digests.CreateDigest
    add_items: digests.AddDigestItems
    get: digest_reads.GetDigest
    list: digest_reads.ListDigests
    mark: digests.MarkDelivered
    feedback: feedback.RecordFeedback
    get_weights: preferences.GetPreferenceWeights
    set_weights: preferences.SetPreferenceWeights
    record_version: model_versions.RecordModelVersion
    list_versions: model_versions.ListModelVersions

    @classmethod
    def over(cls, uow: Any, clock: Any) -> D:
        d = ContentDeps(uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS)
        return cls(
            digests.CreateDigest(d),
            digests.AddDigestItems(d),
            digest_reads.GetDigest(d),
            digest_reads.ListDigests(d),
            digests.MarkDelivered(d),
            feedback.RecordFeedback(d),
            preferences.GetPreferenceWeights(d),
            preferences.SetPreferenceWeights(d),
            model_versions.RecordModelVersion(d),
            model_versions.ListModelVersions(d),
        )
