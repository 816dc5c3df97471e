"""Gzip answers assembled from pieces compressed ahead of time (api/read/precompressed.py)."""

import gzip
import zlib

from hypothesis import given
from hypothesis import strategies as st

from api.read.lookup import LookupAnswer
from api.read.precompressed import deflated, gzip_member, stored

pieces = st.lists(
    st.tuples(st.binary(max_size=3000) | st.text(max_size=500).map(str.encode), st.booleans()),
    max_size=12,
)


def _member(parts: list[tuple[bytes, bool]]) -> bytes:
    blocks = [deflated(data) if compress else stored(data) for data, compress in parts]
    return gzip_member(b"".join(data for data, _ in parts), blocks)


@given(pieces)
def test_pieces_compressed_on_their_own_make_one_valid_gzip_member(parts):
    member = _member(parts)

    decompressor = zlib.decompressobj(wbits=31)  # gzip, one member, checks CRC and length
    assert decompressor.decompress(member) == b"".join(data for data, _ in parts)
    assert decompressor.eof
    assert decompressor.unused_data == b""


def test_a_piece_longer_than_a_stored_block_is_split():
    data = bytes(range(256)) * 600  # 153,600 bytes: three stored blocks

    assert gzip.decompress(gzip_member(data, [stored(data)])) == data


def test_repeated_json_is_compressed_within_its_piece():
    item = b'{"rates":{"rejected":{"count":0,"total":5},"blocked":{"count":0,"total":5}}}' * 20

    assert len(deflated(item)) < len(item) / 5


def test_an_answer_without_items_is_still_whole():
    answer = LookupAnswer(head=b'{"results":[', entries=[], etag='"x"', ready=True, degraded=False)

    assert answer.body == b'{"results":[]}'
    assert gzip.decompress(answer.gzipped(answer.body)) == answer.body
