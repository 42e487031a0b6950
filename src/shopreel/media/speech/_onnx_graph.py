"""Exposing one inner tensor of an ONNX model as an extra output, without the ``onnx`` package.

Piper voices compute every phoneme's length in spectrogram frames (the ``Ceil`` of the
duration predictor, VITS' ``w_ceil``) but export only the audio. ``piper-tts`` can add that
tensor to the outputs through the ``onnx`` package (``piper-tts[alignment]``), which installs
about 110 MB and, in its current releases, wants numpy 2 and protobuf 7, both of which
MediaPipe 0.10.21 rules out. Adding an output is a few bytes of protobuf, so it is done here
on the serialized model:

- An ONNX file is a ``ModelProto``: field 7 is its ``GraphProto``, whose field 1 holds the
  ``NodeProto`` list (field 2 outputs, field 4 ``op_type``) and field 12 the graph outputs
  (``ValueInfoProto``, field 1 ``name``).
- Protobuf merges a repeated occurrence of a message field into the first, appending to its
  repeated fields. Appending ``graph { output { name: "<tensor>" } }`` to the file's bytes
  therefore adds one graph output and changes nothing else, exactly what
  ``piper.patch_voice_with_alignment.add_alignment_output`` does through ``onnx``.
"""

from __future__ import annotations

__all__ = ["OnnxGraphError", "expose_op_output", "graph_inputs", "op_output", "only_output"]

_MODEL_GRAPH, _GRAPH_NODE, _GRAPH_INITIALIZER, _GRAPH_INPUT, _GRAPH_OUTPUT = 7, 1, 5, 11, 12
_NODE_INPUT = 1
_TENSOR_NAME = 8
_NODE_OUTPUT, _NODE_OP_TYPE = 2, 4
_VALUE_INFO_NAME = 1
_LENGTH_DELIMITED = 2


class OnnxGraphError(ValueError):
    """The bytes are not an ONNX model this module can read, or lack the wanted tensor."""


def _varint(data: memoryview, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if pos >= len(data) or shift > 63:
            raise OnnxGraphError("truncated or malformed protobuf varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _fields(data: memoryview, start: int, end: int) -> list[tuple[int, int, int]]:
    """``(field number, start, end)`` of the length-delimited fields of one message."""
    return [(number, begin, finish) for number, _, begin, finish in _tagged_fields(data, start, end)]


def _tagged_fields(data: memoryview, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """``(field number, tag start, payload start, end)`` of the length-delimited fields."""
    found, pos = [], start
    while pos < end:
        tag, (key, pos) = pos, _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = _varint(data, pos)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == _LENGTH_DELIMITED:
            length, pos = _varint(data, pos)
            found.append((number, tag, pos, pos + length))
            pos += length
        else:
            raise OnnxGraphError(f"unsupported protobuf wire type {wire}")
        if pos > end:
            raise OnnxGraphError("protobuf field runs past the end of its message (truncated file?)")
    return found


def _strings(data: memoryview, fields: list[tuple[int, int, int]], number: int) -> list[str]:
    return [bytes(data[start:end]).decode("utf-8", "replace") for field, start, end in fields if field == number]


def _encode(number: int, payload: bytes) -> bytes:
    key, length, out = (number << 3) | _LENGTH_DELIMITED, len(payload), bytearray()
    for value in (key, length):
        while value > 0x7F:
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        out.append(value)
    return bytes(out) + payload


def _graph_parts(data: memoryview) -> list[tuple[int, int, int]]:
    """``(tag start, payload start, end)`` of each occurrence of the model's graph field: one
    in a plain model, more after ``expose_op_output`` (they merge into one graph)."""
    parts = [(tag, start, end) for number, tag, start, end in _tagged_fields(data, 0, len(data)) if number == _MODEL_GRAPH]
    if not parts:
        raise OnnxGraphError("no graph in the model (not an ONNX file?)")
    return parts


def _graph(data: memoryview) -> list[tuple[int, int, int, int]]:
    """The graph's fields, all occurrences merged as protobuf merges them."""
    return [field for _, start, end in _graph_parts(data) for field in _tagged_fields(data, start, end)]


def graph_inputs(model: bytes) -> tuple[str, ...]:
    """Names of the inputs a caller feeds (graph inputs that are not initializers).

    Raises
    ------
    OnnxGraphError
        The bytes are not a readable ONNX model.
    """
    data = memoryview(model)
    graph = _graph(data)
    constants = {name for n, _, s, e in graph if n == _GRAPH_INITIALIZER
                 for name in _strings(data, _fields(data, s, e), _TENSOR_NAME)}
    names = [name for n, _, s, e in graph if n == _GRAPH_INPUT
             for name in _strings(data, _fields(data, s, e), _VALUE_INFO_NAME)]
    return tuple(name for name in names if name not in constants)


def op_output(model: bytes, op_type: str) -> str:
    """The name of the output tensor of the model's only ``op_type`` node.

    Raises
    ------
    OnnxGraphError
        The bytes are not a readable ONNX model (truncated, not protobuf), or the graph has
        no or several ``op_type`` nodes.
    """
    data = memoryview(model)
    tensors = []
    for number, _, start, end in _graph(data):
        if number == _GRAPH_NODE:
            node = _fields(data, start, end)
            if _strings(data, node, _NODE_OP_TYPE) == [op_type]:
                tensors.extend(_strings(data, node, _NODE_OUTPUT))
    if len(tensors) != 1:
        raise OnnxGraphError(f"expected one {op_type} tensor in the graph, found {len(tensors)}")
    return tensors[0]


def expose_op_output(model: bytes, op_type: str) -> tuple[bytes, str]:
    """The model with the output tensor of its only ``op_type`` node added to the graph outputs.

    Returns the new model bytes and the tensor's name; a model that already exports it is
    returned as it is.

    Raises
    ------
    OnnxGraphError
        As ``op_output``.
    """
    name = op_output(model, op_type)
    data = memoryview(model)
    outputs = [_strings(data, _fields(data, s, e), _VALUE_INFO_NAME) for n, _, s, e in _graph(data) if n == _GRAPH_OUTPUT]
    if [name] in outputs:
        return model, name
    extra = _encode(_MODEL_GRAPH, _encode(_GRAPH_OUTPUT, _encode(_VALUE_INFO_NAME, name.encode())))
    return model + extra, name


def only_output(model: bytes, tensor: str) -> bytes:
    """The model cut down to what computes ``tensor``, which becomes its only output.

    onnxruntime runs every node of a graph whatever outputs are asked for; dropping the nodes
    ``tensor`` does not depend on (for a Piper voice: the decoder, most of the work) makes a
    model that computes it alone, with only the initializers those nodes read.

    Raises
    ------
    OnnxGraphError
        The bytes are not a readable ONNX model, or no node computes ``tensor``.
    """
    data = memoryview(model)
    parts = _graph_parts(data)
    fields = _graph(data)
    nodes = {tag: _fields(data, start, end) for number, tag, start, end in fields if number == _GRAPH_NODE}
    maker = {output: tag for tag, node in nodes.items() for output in _strings(data, node, _NODE_OUTPUT)}
    if tensor not in maker:
        raise OnnxGraphError(f"no node computes {tensor!r}")
    needed, wanted = set(), [tensor]
    while wanted:
        tag = maker.get(wanted.pop())
        if tag is not None and tag not in needed:
            needed.add(tag)
            wanted.extend(_strings(data, nodes[tag], _NODE_INPUT))
    used = {name for tag in needed for name in _strings(data, nodes[tag], _NODE_INPUT)}

    def keep(number: int, tag: int, start: int, end: int) -> bool:
        if number == _GRAPH_NODE:
            return tag in needed
        if number == _GRAPH_INITIALIZER:
            return bool(used.intersection(_strings(data, _fields(data, start, end), _TENSOR_NAME)))
        return number != _GRAPH_OUTPUT

    kept = b"".join(bytes(data[tag:end]) for number, tag, start, end in fields if keep(number, tag, start, end))
    graph = _encode(_MODEL_GRAPH, kept + _encode(_GRAPH_OUTPUT, _encode(_VALUE_INFO_NAME, tensor.encode())))
    bounds = [0, *(edge for tag, _, end in parts for edge in (tag, end)), len(data)]
    around = [bytes(data[begin:finish]) for begin, finish in zip(bounds[::2], bounds[1::2])]
    return around[0] + graph + b"".join(around[1:])
