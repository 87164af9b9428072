"""Reading members of a zip archive safely, streamed, including zstd-compressed ones.

Inspect AI's ``.eval`` logs are zip archives whose members recent versions compress with
Zstandard (zip method 93, via the ``zipfile-zstd`` patch; see ``inspect_ai/_util/zipfile.py``).
Python's ``zipfile`` before 3.14 cannot open such members, so we read their raw bytes through
``zipfile`` (stored, CRC check off) and decompress them with the ``zstandard`` package, across
frames (Inspect splits large members into several frames), checking size and CRC ourselves.

Members are streamed (:meth:`SafeZip.open`): a long agent transcript of hundreds of MiB is read
in 1 MiB pieces, never held whole unless the caller asks for all of it (:meth:`SafeZip.read`).
Safety, checked against the central directory before any member is read, then while reading:

- a member name that would leave the archive (absolute, a drive letter, a ``..`` part, a NUL)
  is rejected, even though we never extract to disk: such an archive is not a genuine log;
- two members of the same name are rejected (reading one would lose the other silently);
- an unknown compression method or an encrypted member is rejected;
- a member above 1 MiB whose declared size is more than :data:`MAX_COMPRESSION_RATIO` (1,000)
  times its compressed size is rejected: JSON transcripts compress 5-50x; only a zip bomb
  reaches 1,000x;
- while reading, output beyond the declared size stops decompression at once (an archive that
  lies about sizes cannot balloon), and at the end the size and the CRC-32 must match;
- ``max_member_bytes`` (off by default) refuses members declared larger than it.

Every failure is a :class:`~analysis.DataError` naming the archive and the member.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO, Iterator

from ..errors import DataError, Problem

#: The per-member limit readers applied before members were streamed (256 MiB). No longer a
#: default: pass it as ``max_member_bytes`` to refuse members declared larger than this.
MAX_MEMBER_BYTES = 256 * 1024 * 1024
#: Largest uncompressed / compressed size accepted for a member above :data:`RATIO_FLOOR`.
MAX_COMPRESSION_RATIO = 1000
#: Members up to this uncompressed size are not ratio-checked (a few KiB of JSON can compress
#: 300x; they cannot harm).
RATIO_FLOOR = 1 << 20

ZIP_ZSTANDARD = 93  # APPNOTE.TXT 4.4.5: compression method 93 = Zstandard
_SUPPORTED = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate", ZIP_ZSTANDARD: "zstd"}
CHUNK = 1 << 20


class SafeZip:
    """A zip archive opened for reading after every member has been checked (see module doc).

    Use as a context manager; :meth:`open` streams a member, :meth:`read` returns its bytes.
    """

    def __init__(self, path: str | Path, *, max_member_bytes: int | None = None,
                 max_ratio: float = MAX_COMPRESSION_RATIO):
        self.path = str(path)
        self.max_member_bytes = None if max_member_bytes is None else int(max_member_bytes)
        self.max_ratio = float(max_ratio)
        try:
            self._zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise self._error(None, f"not a readable zip archive (truncated or corrupt?): {exc}") from None
        except OSError as exc:
            raise self._error(None, f"cannot open: {exc}") from None
        try:
            self._infos = {}
            for info in self._zf.infolist():
                if info.filename in self._infos:  # one of the two would be lost silently
                    raise self._error(info.filename, "the archive holds a member of this name more than once; "
                                                     "refusing to pick one")
                self._infos[info.filename] = info
            for info in self._infos.values():
                self._check(info)
        except BaseException:
            self._zf.close()
            raise

    # -- context manager
    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zf.close()

    def namelist(self) -> list[str]:
        return list(self._infos)

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def size(self, name: str) -> int:
        """Declared uncompressed size of member ``name``, in bytes."""
        return self._infos[name].file_size

    def _error(self, member: str | None, message: str) -> DataError:
        return DataError(Problem(self.path, f"member {member!r}" if member else None, None, message))

    def _check(self, info: zipfile.ZipInfo) -> None:
        name = info.filename
        suspect = ".." in name or "\\" in name or "\x00" in name or name[:1] == "/" or name[1:2] == ":"
        if suspect and (  # the cheap test above lets genuine names through without a regex
            name.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", name)
            or ".." in re.split(r"[\\/]", name)
            or "\x00" in name
        ):
            raise self._error(name, "member path leaves the archive (absolute or '..'); refusing to read this archive")
        if info.compress_type not in _SUPPORTED and not info.is_dir():
            raise self._error(name, f"unsupported zip compression method {info.compress_type}")
        if info.flag_bits & 0x1:
            raise self._error(name, "member is encrypted")
        if self.max_member_bytes is not None and info.file_size > self.max_member_bytes:
            raise self._error(
                name,
                f"declared uncompressed size {info.file_size:,} bytes exceeds the limit of "
                f"{self.max_member_bytes:,} bytes (max_member_bytes); refusing to read it",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > self.max_ratio * max(info.compress_size, 1):
            raise self._error(
                name,
                f"compression ratio {info.file_size / max(info.compress_size, 1):,.0f}:1 "
                f"({info.compress_size:,} bytes declared to expand to {info.file_size:,}) is above "
                f"{self.max_ratio:,.0f}:1, which only a zip bomb reaches; refusing to read it",
            )

    def open(self, name: str) -> "MemberStream":
        """A binary stream of member ``name``'s uncompressed bytes, checked as it is read (size,
        then CRC-32 at the end); DataError if absent or corrupt."""
        info = self._infos.get(name)
        if info is None:
            raise self._error(name, "member not found in the archive")
        try:
            if info.compress_type == ZIP_ZSTANDARD:
                import zstandard

                # the compressed bytes straight from the archive (zipfile cannot open method 93);
                # MemberStream checks the size and CRC of what they decompress to
                compressed = _RawMember(self._zf.fp, info, self._error)
                inner: IO[bytes] = zstandard.ZstdDecompressor().stream_reader(compressed, read_across_frames=True,
                                                                            closefd=True)
            else:
                inner = self._zf.open(info)  # zipfile checks size and CRC of stored / deflate members
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError) as exc:
            raise self._error(name, f"cannot read member (truncated or corrupt archive?): {exc}") from None
        return MemberStream(self, info, inner)

    def read(self, name: str) -> bytes:
        """All uncompressed bytes of member ``name`` (for members known to be small)."""
        with self.open(name) as stream:
            return stream.read()


class _RawMember(io.RawIOBase):
    """The compressed bytes of one member, read from the archive file after its local header
    (APPNOTE 4.3.7: signature, then file name and extra field of the lengths at offsets 26, 28)."""

    def __init__(self, fp, info: zipfile.ZipInfo, error):
        super().__init__()
        fp.seek(info.header_offset)
        head = fp.read(30)
        if len(head) != 30 or head[:4] != b"PK\x03\x04":
            raise error(info.filename, "bad local file header (truncated or corrupt archive?)")
        name_len, extra_len = struct.unpack_from("<HH", head, 26)
        fp.seek(info.header_offset + 30 + name_len + extra_len)
        self._fp, self._left, self._pos = fp, info.compress_size, fp.tell()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self._left)
        if n <= 0:
            return 0
        self._fp.seek(self._pos)  # another reader of the same file may have moved it
        data = self._fp.read(n)
        buffer[: len(data)] = data
        self._left -= len(data)
        self._pos += len(data)
        if len(data) < n:
            self._left = 0
        return len(data)


class MemberStream(io.RawIOBase):
    """A member's bytes, read in pieces: stops at once beyond the declared size, and checks
    the size and CRC-32 when the end is reached. Errors are DataErrors naming archive and member."""

    def __init__(self, archive: SafeZip, info: zipfile.ZipInfo, inner: IO[bytes]):
        super().__init__()
        self._archive, self._info, self._inner = archive, info, inner
        self._crc = 0
        self._n = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _fail(self, message: str) -> DataError:
        return self._archive._error(self._info.filename, message)

    def _piece(self, size: int) -> bytes:
        if self._done:
            return b""
        try:
            data = self._inner.read(size)
        except DataError:
            raise
        except Exception as exc:  # zlib.error, zstd.ZstdError, BadZipFile (zipfile's CRC), EOFError, OSError
            if "CRC" in str(exc):
                raise self._fail("CRC-32 mismatch (corrupt member)") from None
            raise self._fail(f"cannot read member (truncated or corrupt archive?): {exc}") from None
        self._n += len(data)
        if self._n > self._info.file_size:
            raise self._fail(f"member inflates beyond its declared size of {self._info.file_size:,} bytes")
        if data:
            self._crc = zlib.crc32(data, self._crc)
            return data
        self._done = True
        if self._n != self._info.file_size:
            raise self._fail(f"member decompresses to {self._n:,} bytes, not the declared {self._info.file_size:,} (truncated?)")
        if self._crc != self._info.CRC:
            raise self._fail("CRC-32 mismatch (corrupt member)")
        return b""

    def readinto(self, buffer) -> int:
        data = self._piece(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is not None and size >= 0:
            return self._piece(size)
        out = bytearray()
        while True:
            piece = self._piece(CHUNK)
            if not piece:
                return bytes(out)
            out += piece

    def chunks(self, size: int = CHUNK) -> Iterator[bytes]:
        """The member's bytes in pieces of at most ``size`` bytes, checked to the end."""
        while True:
            piece = self._piece(size)
            if not piece:
                return
            yield piece

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()
