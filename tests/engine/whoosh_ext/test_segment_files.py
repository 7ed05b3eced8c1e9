"""Segment files are read in place: Whoosh's buffer files no longer copy what they wrap."""

from __future__ import annotations

import io
import pickle
from array import array

from whoosh.filedb.structfile import BufferFile

from corpus_reader.index.whoosh_ext.segment_files import ViewReader


def test_buffer_file_reads_the_buffer_itself_not_a_copy() -> None:
    data = bytearray(b"abcdef")
    file = BufferFile(memoryview(data), name="part")
    data[0:1] = b"X"  # a copy made when the file was opened would still say "a"
    assert isinstance(file.file, ViewReader)
    assert file.read(3) == b"Xbc"
    assert file.get(3, 2) == b"de"


def test_reads_seeks_and_lines_like_a_bytes_file() -> None:
    payload = b"first line\nsecond\n" + bytes(range(256)) * 3 + b"\nlast"
    ours, theirs = ViewReader(memoryview(payload)), io.BytesIO(payload)
    steps = [("read", 4), ("readline", -1), ("readline", 3), ("peek", 5), ("read", 100)]
    steps += [("readline", -1), ("seek", -3), ("read", -1), ("read", 2)]
    for name, arg in steps:
        if name == "seek":
            assert ours.seek(arg, io.SEEK_END) == theirs.seek(arg, io.SEEK_END)
        elif name == "peek":
            assert ours.peek(arg)[:arg] == payload[theirs.tell() : theirs.tell() + arg]
        else:
            assert getattr(ours, name)(arg) == getattr(theirs, name)(arg), (name, arg)
        assert ours.tell() == theirs.tell()


def test_pickles_and_arrays_load_from_the_view() -> None:
    stream = io.BytesIO()
    pickle.dump({"a": [1, 2, 3]}, stream, protocol=2)  # protocol 2 reads names by line
    pickle.dump(("b", 4.5), stream, protocol=-1)
    array("i", [7, 8, 9]).tofile(stream)
    reader = ViewReader(memoryview(stream.getvalue()))
    assert pickle.load(reader) == {"a": [1, 2, 3]}
    assert pickle.load(reader) == ("b", 4.5)
    numbers = array("i")
    numbers.fromfile(reader, 3)
    assert numbers.tolist() == [7, 8, 9]
    assert reader.read() == b""
