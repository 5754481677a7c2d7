"""The registry of bounded contexts is the one place the rest of the service learns from."""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from dependency_injector import providers

import strata.v1
from adapters.memory.store import InMemoryStore
from adapters.postgres.kernel.tables import metadata
from entrypoints.container import ApplicationContainer, build_container, context
from entrypoints.contexts import CONTEXTS
from entrypoints.contexts.registry import (
    BoundedContext,
    ContextContainer,
    postgres_metadata,
    services,
    store_backed,
)
from entrypoints.grpc.server import SERVICES, STORE_BACKED
from tests.e2e.conftest import e2e_settings

ROOT = Path(__file__).resolve().parents[2]
WITH_STORE = [c for c in CONTEXTS if c.memory is not None]


def test_every_service_the_protos_declare_is_registered_once() -> None:
    modules = [
        importlib.import_module(f"strata.v1.{m.name}")
        for m in pkgutil.iter_modules(strata.v1.__path__)
        if m.name.endswith("_pb2")
    ]
    declared = {s.full_name for m in modules for s in m.DESCRIPTOR.services_by_name.values()}
    assert len(modules) >= 6
    registered = [s.name for s in services(CONTEXTS)]
    assert sorted(registered) == sorted(declared)
    assert len(set(registered)) == len(registered)


def test_the_server_serves_what_the_registry_lists() -> None:
    assert tuple(s.name for s in services(CONTEXTS)) == SERVICES
    assert store_backed(CONTEXTS) == STORE_BACKED
    assert "strata.v1.SystemService" not in STORE_BACKED
    assert "strata.v1.KnowledgeService" in STORE_BACKED


def test_context_names_are_unique_and_name_their_containers() -> None:
    names = [c.name for c in CONTEXTS]
    assert len(set(names)) == len(names)
    for c in CONTEXTS:
        assert issubclass(c.container, ContextContainer)
        assert c.name in ApplicationContainer.providers


@pytest.mark.parametrize("bounded", CONTEXTS, ids=lambda c: c.name)
def test_every_use_case_a_servicer_needs_is_a_provider_of_its_context(
    bounded: BoundedContext,
) -> None:
    servicer_modules = [importlib.import_module(f"entrypoints.grpc.{bounded.name}.servicer")]
    bundles = [
        v
        for m in servicer_modules
        for k, v in vars(m).items()
        if k.endswith("UseCases") and isinstance(v, type)
    ]
    for bundle in bundles:
        missing = [f.name for f in fields(bundle) if f.name not in bounded.container.providers]
        assert missing == [], f"{bundle.__name__} needs providers {missing}"


def test_repository_names_do_not_collide_across_contexts() -> None:
    store = InMemoryStore([c.memory for c in WITH_STORE if c.memory])
    seen: dict[str, str] = {}
    for c in WITH_STORE:
        assert c.memory is not None
        for name in c.memory.build(store):
            assert name not in seen, f"{c.name} and {seen.get(name)} both name {name!r}"
            seen[name] = c.name
    tables = [t for c in WITH_STORE if c.memory for t in c.memory.tables]
    assert len(set(tables)) == len(tables)


@pytest.mark.parametrize("bounded", WITH_STORE, ids=lambda c: c.name)
def test_memory_and_postgres_build_the_same_repositories(bounded: BoundedContext) -> None:
    assert bounded.memory is not None and bounded.postgres is not None
    state = dict(bounded.postgres.defaults or {})
    in_memory = set(bounded.memory.build(InMemoryStore([bounded.memory])))
    on_postgres = set(bounded.postgres.build(None, state))  # type: ignore[arg-type]
    assert in_memory == on_postgres


def test_the_migrations_metadata_holds_every_registered_table() -> None:
    assert postgres_metadata(CONTEXTS) is metadata
    for c in CONTEXTS:
        for module in c.tables:
            assert module.metadata is metadata


@pytest.mark.parametrize("bounded", WITH_STORE, ids=lambda c: c.name)
def test_a_context_has_the_same_modules_in_every_layer(bounded: BoundedContext) -> None:
    n = bounded.name
    for module in (
        f"domain.{n}.deps",
        f"ports.{n}",
        f"adapters.memory.{n}",
        f"adapters.postgres.{n}",
        f"adapters.postgres.{n}.tables",
        f"entrypoints.grpc.{n}.servicer",
        f"entrypoints.grpc.{n}.messages",
        f"entrypoints.contexts.{n}",
    ):
        importlib.import_module(module)


def test_the_import_contracts_cover_every_registered_context() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    independent = [set(c["modules"]) for c in contracts if c["type"] == "independence"]
    for c in WITH_STORE:
        for layer in (
            "domain",
            "ports",
            "adapters.memory",
            "adapters.postgres",
            "entrypoints.grpc",
            "entrypoints.contexts",
        ):
            module = f"{layer}.{c.name}"
            assert any(module in group for group in independent), f"{module} is in no contract"


def test_a_context_container_is_reached_by_its_name() -> None:
    container = ApplicationContainer()
    for c in CONTEXTS:
        assert context(container, c.name) is getattr(container, c.name)


def test_an_override_of_a_core_provider_reaches_every_context() -> None:
    class FixedClock:
        def now(self) -> object:
            return "fixed"

    container = build_container(e2e_settings("memory"), None)
    with container.core.clock.override(providers.Object(FixedClock())):
        assert context(container, "identity").deps().clock.now() == "fixed"
        assert context(container, "knowledge").deps().clock.now() == "fixed"
