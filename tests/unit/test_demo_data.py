"""The demo organisation's data files: every text file is named in the manifest and every named one exists."""

from __future__ import annotations

from registry.demo import DEMO_USERS, DOCUMENTS_DIR, read_manifest


def test_every_version_text_is_in_the_manifest_and_every_manifest_version_has_its_text():
    manifest = read_manifest()
    named = set()
    for item in manifest["documents"]:
        named |= {f"{item['code']}/{v['label']}.md" for v in item["versions"]}
        if "draft" in item:
            named.add(f"{item['code']}/draft.md")
    on_disk = {p.relative_to(DOCUMENTS_DIR).as_posix() for p in DOCUMENTS_DIR.rglob("*") if p.is_file()}
    assert named == on_disk
    assert len(manifest["documents"]) == 26


def test_the_manifest_names_only_demo_people_units_and_types():
    manifest = read_manifest()
    people = {key for key, *_rest in DEMO_USERS}
    units = {u["code"] for u in manifest["units"]}
    types = {t["prefix"] for t in manifest["types"]}
    for item in manifest["documents"]:
        assert item["owner"] in people and item["unit"] in units and item["type"] in types, item["code"]
        assert set(item["audience_units"]) <= units, item["code"]
        for version in item["versions"]:
            assert {version["author"], *version["approvers"]} <= people, (item["code"], version["label"])
        assert item["versions"] == sorted(item["versions"], key=lambda v: v["effective_from"]), item["code"]
