"""A tiny ONNX matting model written byte by byte (the ``onnx`` package needs numpy 2, which
MediaPipe rules out): ``alpha = -min(R, G, B)``, so dark and colourful pixels come out
solid and white ones clear, a rule the classical cut-out does not follow. Its input is
``float32 (1, 3, h, w)`` named ``input``, as IS-Net's is."""

from __future__ import annotations

__all__ = ["darkness_matting_model"]


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _int(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _bytes(field: int, payload: bytes | str) -> bytes:
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _tensor_info(name: str, dims: list[int | str]) -> bytes:
    """A ValueInfoProto: float32 of ``dims`` (numbers fixed, strings symbolic)."""
    shape = b"".join(_bytes(1, _int(1, d) if isinstance(d, int) else _bytes(2, d)) for d in dims)
    return _bytes(1, name) + _bytes(2, _bytes(1, _int(1, 1) + _bytes(2, shape)))


def darkness_matting_model() -> bytes:
    """The model's bytes: ReduceMin over the channels (opset 13, keepdims), then Neg."""
    reduce_min = (_bytes(1, "input") + _bytes(2, "lowest") + _bytes(4, "ReduceMin")
                  + _bytes(5, _bytes(1, "axes") + _int(8, 1) + _int(20, 7))  # INTS [1]
                  + _bytes(5, _bytes(1, "keepdims") + _int(3, 1) + _int(20, 2)))  # INT 1
    negate = _bytes(1, "lowest") + _bytes(2, "alpha") + _bytes(4, "Neg")
    graph = (_bytes(1, reduce_min) + _bytes(1, negate) + _bytes(2, "darkness")
             + _bytes(11, _tensor_info("input", [1, 3, "h", "w"])) + _bytes(12, _tensor_info("alpha", [1, 1, "h", "w"])))
    return _int(1, 7) + _bytes(2, "shopreel-tests") + _bytes(7, graph) + _bytes(8, _bytes(1, "") + _int(2, 13))
