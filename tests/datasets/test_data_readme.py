"""data/README.md names every bundled file with its sha256, and the hashes are current."""

import hashlib
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


def test_every_file_named_with_current_sha256():
    text = (DATA / "README.md").read_text()
    listed = dict(re.findall(r"^\| `([^`*]+)` \| `([0-9a-f]{64})` \|$", text, re.M))
    on_disk = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file() and p.name != "README.md"}
    assert set(listed) == on_disk, f"not listed: {on_disk - set(listed)}; listed but absent: {set(listed) - on_disk}"
    for name, digest in listed.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, f"{name} changed: update data/README.md"
