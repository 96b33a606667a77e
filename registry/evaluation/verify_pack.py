#!/usr/bin/env python3
"""Check a Lamppu evidence pack without the server; needs only Python 3.9 or newer.

    python verify_pack.py               the pack this script was extracted with (its own folder)
    python verify_pack.py PACK.zip      a pack still in its ZIP file
    python verify_pack.py FOLDER        an extracted pack

Checks that every file listed in manifest.json is present with the SHA-256 and size written
there and that no other file is; then recomputes the hash of every audit event in
audit/events.json from its fields and the previous event's hash (SHA-256 over the previous hash
and the event's canonical JSON), checks that each event links to the one before it with no
sequence number missing, and that the last event is the chain head named in the manifest.
Prints one line per problem and exits 1; prints a summary and exits 0 when all is well.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

MANIFEST = "manifest.json"
EVENTS = "audit/events.json"
FORMAT = "lamppu-evidence-pack/1"


class Pack:
    """The files of a pack, from a ZIP file or a folder, by their path inside the pack."""

    def __init__(self, location: Path):
        self.files: dict[str, bytes] = {}
        if location.is_dir():
            for path in sorted(location.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    self.files[path.relative_to(location).as_posix()] = path.read_bytes()
        else:
            with zipfile.ZipFile(location) as archive:
                for info in archive.infolist():
                    if not info.is_dir():
                        self.files[info.filename] = archive.read(info)


def canonical_json(data):
    if data is None:
        return None
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(event: dict) -> str:
    """The hash of one exported event, computed as the registry computes it when it writes the event."""
    payload = {
        "seq": event["seq"],
        "occurred_at": event["occurred_at"],
        "actor_id": event["actor_id"],
        "actor_label": event["actor"],
        "action": event["action"],
        "object_type": event["object_type"],
        "object_id": event["object_id"],
        "document_code": event["document_code"],
        "before": canonical_json(event["before"]),
        "after": canonical_json(event["after"]),
        "reason": event["reason"],
        "remote_addr": event["remote_addr"],
    }
    text = event["prev_hash"] + canonical_json(payload)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_files(pack: Pack, manifest: dict) -> list[str]:
    problems = []
    listed = set()
    for entry in manifest.get("files", []):
        path = entry.get("path", "")
        listed.add(path)
        data = pack.files.get(path)
        if data is None:
            problems.append(f"{path}: missing from the pack")
        elif hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            problems.append(f"{path}: SHA-256 differs from the manifest")
        elif len(data) != entry.get("size"):
            problems.append(f"{path}: size differs from the manifest")
    for path in sorted(set(pack.files) - listed - {MANIFEST}):
        problems.append(f"{path}: not listed in the manifest")
    return problems


def check_events(events: list, manifest: dict) -> list[str]:
    problems = []
    previous = None
    for event in events:
        try:
            seq = event["seq"]
            if previous is not None and seq != previous["seq"] + 1:
                missing = previous["seq"] + 1
                more = f" to {seq - 1}" if seq - 1 > missing else ""
                problems.append(f"{EVENTS}: event {missing}{more} missing (seq gap)")
            elif previous is not None and event["prev_hash"] != previous["hash"]:
                problems.append(f"{EVENTS}: event {seq} does not link to event {previous['seq']} (prev_hash)")
            if event_hash(event) != event["hash"]:
                problems.append(f"{EVENTS}: event {seq}: hash differs from its recomputed value (changed)")
        except (KeyError, TypeError):
            problems.append(f"{EVENTS}: an event after seq {previous and previous.get('seq')} lacks its fields")
            return problems
        previous = event
    head = manifest.get("chain_head") or {}
    segment = manifest.get("events") or {}
    if events and events[0]["seq"] != segment.get("first_seq"):
        problems.append(f"{EVENTS}: event {segment.get('first_seq')} missing (the first event of the segment)")
    if not events and segment.get("count"):
        problems.append(f"{EVENTS}: every event is missing")
    last = events[-1] if events else None
    if last is not None and (last["seq"], last["hash"]) != (head.get("seq"), head.get("hash")):
        problems.append(
            f"{EVENTS}: the last event ({last['seq']}) is not the chain head of the manifest ({head.get('seq')})"
        )
    if len(events) != segment.get("count"):
        problems.append(f"{EVENTS}: {len(events)} events, the manifest says {segment.get('count')}")
    return problems


def verify(location) -> tuple[list[str], str]:
    """(problems, summary) for the pack at `location` (a ZIP file or a folder)."""
    try:
        pack = Pack(Path(location))
    except (OSError, zipfile.BadZipFile) as error:
        return [f"{location}: cannot be read as a pack ({error})"], ""
    try:
        manifest = json.loads(pack.files[MANIFEST].decode("utf-8"))
    except KeyError:
        return [f"{MANIFEST}: missing"], ""
    except (UnicodeDecodeError, ValueError):
        return [f"{MANIFEST}: not valid JSON"], ""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return [f"{MANIFEST}: not a manifest of the format {FORMAT}"], ""
    problems = check_files(pack, manifest)
    try:
        events = json.loads(pack.files[EVENTS].decode("utf-8"))["events"]
    except KeyError:
        problems.append(f"{EVENTS}: missing or without its events")
        return problems, ""
    except (UnicodeDecodeError, ValueError, TypeError):
        problems.append(f"{EVENTS}: not valid JSON")
        return problems, ""
    problems += check_events(events, manifest)
    head = manifest.get("chain_head") or {}
    summary = (
        f"{len(manifest.get('files', []))} files and {len(events)} audit events check out; "
        f"chain head {head.get('seq')}:{head.get('hash')}"
    )
    return problems, summary


def main(argv: list[str]) -> int:
    location = argv[1] if len(argv) > 1 else Path(__file__).resolve().parent
    problems, summary = verify(location)
    for line in problems:
        print(line)
    if problems:
        print(f"NOT VERIFIED: {len(problems)} problem(s)")
        return 1
    print(f"OK: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
