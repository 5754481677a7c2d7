"""Stubs for other languages generate from the protos where their file options say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import protoc
import pytest
from google.protobuf import descriptor_pb2

REPO = Path(__file__).resolve().parents[2]
PROTOS = REPO / "protos"
BIN = Path(sys.executable).parent
LANGUAGES = ("java", "csharp", "objc", "php", "ruby")
OPTIONS = {
    "csharp_namespace": "Strata.V1",
    "go_package": "github.com/strata/strata/gen/go/strata/v1;stratav1",
    "java_multiple_files": True,
    "java_package": "com.strata.v1",
    "objc_class_prefix": "SXX",
    "php_namespace": "Strata\\V1",
    "ruby_package": "Strata::V1",
}


def _protoc(*args: str) -> None:
    sources = sorted(p.relative_to(PROTOS).as_posix() for p in PROTOS.rglob("*.proto"))
    result = subprocess.run(
        [protoc.PROTOC_EXE, f"-I{PROTOS}", f"-I{protoc.PROTOC_INCLUDE_DIR}", *args, *sources],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _pascal(proto: descriptor_pb2.FileDescriptorProto) -> str:
    """`strata/v1/field_limits.proto` -> `FieldLimits`, as every generator names the file."""
    return "".join(w.capitalize() for w in Path(proto.name).stem.split("_"))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[descriptor_pb2.FileDescriptorProto]:
    """Every proto of the API, as protoc reads it (not as the checked-in Python stubs say)."""
    out = tmp_path_factory.mktemp("descriptors") / "strata.binpb"
    _protoc(f"--descriptor_set_out={out}")
    return list(descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    for language in LANGUAGES:
        (out / language).mkdir()
    _protoc(
        *(f"--{language}_out={out / language}" for language in LANGUAGES),
        "--csharp_opt=base_namespace=",  # directories follow the namespace
    )
    return out


def test_every_proto_declares_the_code_generator_options(
    files: list[descriptor_pb2.FileDescriptorProto],
) -> None:
    for proto in files:
        options = proto.options
        declared = {name: getattr(options, name) for name in OPTIONS if options.HasField(name)}
        assert declared == OPTIONS, proto.name
        assert options.java_outer_classname == f"{_pascal(proto)}Proto", proto.name


def test_java_classes_land_in_the_java_package_one_file_per_type(
    files: list[descriptor_pb2.FileDescriptorProto], generated: Path
) -> None:
    package = generated / "java" / "com" / "strata" / "v1"
    for proto in files:
        assert (package / f"{_pascal(proto)}Proto.java").is_file(), proto.name
        for message in proto.message_type:
            assert (package / f"{message.name}.java").is_file(), message.name
            assert (package / f"{message.name}OrBuilder.java").is_file(), message.name
        for enum in proto.enum_type:
            assert (package / f"{enum.name}.java").is_file(), enum.name


def test_csharp_files_declare_the_namespace_and_sit_in_its_directories(
    files: list[descriptor_pb2.FileDescriptorProto], generated: Path
) -> None:
    for proto in files:
        source = generated / "csharp" / "Strata" / "V1" / f"{_pascal(proto)}.cs"
        assert "namespace Strata.V1 {" in source.read_text(encoding="utf-8"), proto.name


def test_objc_classes_carry_the_prefix(
    files: list[descriptor_pb2.FileDescriptorProto], generated: Path
) -> None:
    for proto in files:
        header = generated / "objc" / "strata" / "v1" / f"{_pascal(proto)}.pbobjc.h"
        text = header.read_text(encoding="utf-8")
        for message in proto.message_type:
            assert f"@interface SXX{message.name} : GPBMessage" in text, message.name


def test_php_classes_follow_the_namespace(
    files: list[descriptor_pb2.FileDescriptorProto], generated: Path
) -> None:
    php = generated / "php"
    for proto in files:
        assert (php / "GPBMetadata" / "Strata" / "V1" / f"{_pascal(proto)}.php").is_file()
        for message in proto.message_type:
            source = php / "Strata" / "V1" / f"{message.name}.php"
            assert "namespace Strata\\V1;" in source.read_text(encoding="utf-8"), message.name


def test_ruby_files_define_the_package_module(
    files: list[descriptor_pb2.FileDescriptorProto], generated: Path
) -> None:
    for proto in files:
        source = generated / "ruby" / proto.name.replace(".proto", "_pb.rb")
        assert "module Strata\n  module V1\n" in source.read_text(encoding="utf-8"), proto.name


def test_buf_generate_runs_protocs_built_in_plugins(tmp_path: Path) -> None:
    template = tmp_path / "buf.gen.yaml"
    plugin = (
        f"protoc_builtin: java\n    protoc_path: {BIN / 'protoc'}\n    out: {tmp_path / 'java'}"
    )
    template.write_text(f"version: v2\nplugins:\n  - {plugin}\n", encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "buf"), "generate", "--template", str(template)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "java" / "com" / "strata" / "v1" / "IdentityProto.java").is_file()
