"""Server reflection as grpc.reflection.v1 and v1alpha, with the error detail types resolvable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import FileDescriptor
from google.rpc import error_details_pb2, status_pb2
from grpc_reflection.v1alpha import reflection, reflection_pb2, reflection_pb2_grpc

V1ALPHA_PACKAGE = "grpc.reflection.v1alpha"
V1_PACKAGE = "grpc.reflection.v1"
V1_FILE = "grpc/reflection/v1/reflection.proto"
METHOD = "ServerReflectionInfo"
# What clients decode `grpc-status-details-bin` with, resolvable by symbol: the Status and
# every detail type errors.py packs into it.
ERROR_TYPES = (
    status_pb2.Status.DESCRIPTOR,
    error_details_pb2.ErrorInfo.DESCRIPTOR,
    error_details_pb2.BadRequest.DESCRIPTOR,
    error_details_pb2.RetryInfo.DESCRIPTOR,
)


def _v1_file_proto() -> descriptor_pb2.FileDescriptorProto:
    """v1 is v1alpha under another package: the same messages, field for field."""
    proto = descriptor_pb2.FileDescriptorProto()
    reflection_pb2.DESCRIPTOR.CopyToProto(proto)
    old, new = f".{V1ALPHA_PACKAGE}.", f".{V1_PACKAGE}."
    proto.name, proto.package = V1_FILE, V1_PACKAGE
    for message in proto.message_type:
        for field in message.field:
            if field.HasField("type_name"):
                field.type_name = field.type_name.replace(old, new)
    for method in proto.service[0].method:
        method.input_type = method.input_type.replace(old, new)
        method.output_type = method.output_type.replace(old, new)
    proto.options.java_package = "io.grpc.reflection.v1"
    proto.options.go_package = "google.golang.org/grpc/reflection/grpc_reflection_v1"
    return proto


def _register_v1() -> FileDescriptor:
    """The v1 file in the default pool, so reflection can describe its own v1 service."""
    pool = descriptor_pool.Default()
    try:
        return pool.FindFileByName(V1_FILE)
    except KeyError:
        return pool.AddSerializedFile(_v1_file_proto().SerializeToString())


V1_DESCRIPTOR = _register_v1()
V1_SERVICE_NAME: str = V1_DESCRIPTOR.services_by_name["ServerReflection"].full_name
SERVICE_NAMES: tuple[str, str] = (V1_SERVICE_NAME, reflection.SERVICE_NAME)


def _v1_handler(
    servicer: reflection_pb2_grpc.ServerReflectionServicer,
) -> grpc.GenericRpcHandler[Any, Any]:
    """The v1 method over v1alpha's servicer and messages (their wire format is the same)."""
    method = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    return grpc.method_handlers_generic_handler(V1_SERVICE_NAME, {METHOD: method})


def enable_reflection(server: grpc.aio.Server, service_names: Iterable[str]) -> None:
    """Serve reflection v1 and v1alpha listing `service_names` and both reflection services."""
    names = (*service_names, *SERVICE_NAMES)
    servicer = reflection.aio.ReflectionServicer(names)  # type: ignore[attr-defined]
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(servicer, server)
    server.add_generic_rpc_handlers((_v1_handler(servicer),))
