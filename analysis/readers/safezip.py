"""Reading members of a zip archive safely, including zstd-compressed ones.

Inspect AI's ``.eval`` logs are zip archives whose members recent versions compress with
Zstandard (zip method 93, via the ``zipfile-zstd`` patch; see ``inspect_ai/_util/zipfile.py``).
Python's ``zipfile`` before 3.14 cannot open such members, so we read their raw bytes through
``zipfile`` (stored, CRC check off) and decompress them with the ``zstandard`` package, across
frames (Inspect splits large members into several frames), then check size and CRC ourselves.

Safety, all checked against the central directory before any member is read:

- a member name that would leave the archive (absolute, a drive letter, a ``..`` part, a NUL)
  is rejected, even though we never extract to disk: such an archive is not a genuine log;
- two members of the same name are rejected (reading one would lose the other silently);
- a member whose declared uncompressed size exceeds ``max_member_bytes`` (default
  :data:`MAX_MEMBER_BYTES`, 256 MiB) is rejected; while reading, output beyond the declared size
  stops decompression at once (an archive that lies about sizes cannot balloon in memory).

Every failure is a :class:`~analysis.DataError` naming the archive and the member.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
import zlib
from pathlib import Path

from ..errors import DataError, Problem

#: Largest uncompressed size accepted for one member, in bytes (256 MiB). One Inspect sample with
#: its full event transcript is rarely above a few MiB; raise it per call for unusual logs.
MAX_MEMBER_BYTES = 256 * 1024 * 1024

ZIP_ZSTANDARD = 93  # APPNOTE.TXT 4.4.5: compression method 93 = Zstandard
_SUPPORTED = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate", ZIP_ZSTANDARD: "zstd"}
_CHUNK = 1 << 20


class SafeZip:
    """A zip archive opened for reading after every member has been checked (see module doc).

    Use as a context manager; :meth:`read` returns a member's bytes.
    """

    def __init__(self, path: str | Path, *, max_member_bytes: int = MAX_MEMBER_BYTES):
        self.path = str(path)
        self.max_member_bytes = int(max_member_bytes)
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

    def _error(self, member: str | None, message: str) -> DataError:
        return DataError(Problem(self.path, f"member {member!r}" if member else None, None, message))

    def _check(self, info: zipfile.ZipInfo) -> None:
        name = info.filename
        parts = re.split(r"[\\/]", name)
        if (
            name.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", name)
            or ".." in parts
            or "\x00" in name
        ):
            raise self._error(name, "member path leaves the archive (absolute or '..'); refusing to read this archive")
        if info.file_size > self.max_member_bytes:
            raise self._error(
                name,
                f"declared uncompressed size {info.file_size:,} bytes exceeds the limit of "
                f"{self.max_member_bytes:,} bytes (max_member_bytes); refusing to read it",
            )
        if info.compress_type not in _SUPPORTED and not info.is_dir():
            raise self._error(name, f"unsupported zip compression method {info.compress_type}")
        if info.flag_bits & 0x1:
            raise self._error(name, "member is encrypted")

    def read(self, name: str) -> bytes:
        """The uncompressed bytes of member ``name`` (DataError if absent, corrupt or oversized)."""
        info = self._infos.get(name)
        if info is None:
            raise self._error(name, "member not found in the archive")
        try:
            if info.compress_type == ZIP_ZSTANDARD:
                data = self._read_zstd(info)
            else:
                data = self._read_limited(self._zf.open(info), info)
        except DataError:
            raise
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError) as exc:
            raise self._error(name, f"cannot read member (truncated or corrupt archive?): {exc}") from None
        return data

    def _read_limited(self, stream: io.BufferedIOBase, info: zipfile.ZipInfo) -> bytes:
        limit = info.file_size
        out = bytearray()
        with stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > limit:
                    raise self._error(info.filename, f"member inflates beyond its declared size of {limit:,} bytes")
        return bytes(out)

    def _read_zstd(self, info: zipfile.ZipInfo) -> bytes:
        import zstandard

        raw = copy.copy(info)
        raw.compress_type = zipfile.ZIP_STORED
        raw.file_size = info.compress_size
        raw.CRC = None  # zipfile would check the CRC of the compressed bytes; we check it below
        with self._zf.open(raw) as compressed:
            reader = zstandard.ZstdDecompressor().stream_reader(compressed, read_across_frames=True)
            try:
                data = self._read_limited(reader, info)
            except zstandard.ZstdError as exc:
                raise self._error(info.filename, f"corrupt zstd data: {exc}") from None
        if len(data) != info.file_size:
            raise self._error(
                info.filename, f"member decompresses to {len(data):,} bytes, not the declared {info.file_size:,} (truncated?)"
            )
        if zlib.crc32(data) != info.CRC:
            raise self._error(info.filename, "CRC-32 mismatch (corrupt member)")
        return data
