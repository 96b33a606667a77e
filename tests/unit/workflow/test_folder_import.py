"""`lamppu import DIR`: a folder of Finnish DOCX and PDF files, all or nothing, idempotent."""

from __future__ import annotations

import shutil

import pytest

from registry.documents import storage
from registry.documents.models import Attachment, Document, DocumentVersion
from registry.extensions import db
from tests import filegen

TOPICS = [
    ("Poissaolojen ilmoittaminen", "Opiskelija ilmoittaa poissaolostaan ryhmänohjaajalle ennen oppitunnin alkua."),
    ("Työturvallisuus konepajassa", "Suojalasit ja kuulosuojaimet ovat pakollisia koneiden läheisyydessä."),
    ("Hätäpoistuminen", "Poistumisreitit tarkastetaan kuukausittain ja harjoitus pidetään kerran vuodessa."),
    (
        "Henkilötietojen käsittely",
        "Henkilötietoja käsitellään vain tehtävän hoitamiseksi välttämättömässä laajuudessa.",
    ),
    ("Opiskelijapalaute", "Palautekysely lähetetään jokaisen tutkinnon osan päätyttyä."),
    ("Näyttöjen arviointi", "Arvioijat kirjaavat arvioinnin perusteet näyttöympäristössä."),
    ("Hankintojen hyväksyminen", "Yli viidentuhannen euron hankinnat hyväksyy yksikön johtaja."),
    ("Kiinteistön avainhallinta", "Avaimet luovutetaan kuittausta vastaan ja palautetaan työsuhteen päättyessä."),
    ("Tietoturvapoikkeamat", "Tietoturvapoikkeamasta ilmoitetaan viipymättä tietohallintoon."),
    ("Uuden työntekijän perehdytys", "Esihenkilö laatii perehdytyssuunnitelman ensimmäisen viikon aikana."),
    ("Ensiapuvalmius", "Jokaisessa rakennuksessa on vähintään kaksi ensiapukoulutettua henkilöä."),
]


def _topic(number: int) -> tuple[str, str]:
    title, text = TOPICS[number % len(TOPICS)]
    return f"{title} {number}", f"{text} Ohjeen numero {number}, yksikkö {number % 4 + 1}."


@pytest.fixture
def folder(tmp_path, make):
    """34 files: 16 DOCX (TO), 14 PDF (TY), an ODT, a Markdown file, one corrupt, one duplicate."""
    make.doc_type("TO", "Toimintaohje", "Operating instruction")
    make.doc_type("TY", "Työohje", "Work instruction")
    root = tmp_path / "asiakirjat"
    (root / "TO Toimintaohjeet").mkdir(parents=True)
    (root / "työohjeet" / "vanhat").mkdir(parents=True)
    for number in range(16):
        title, text = _topic(number)
        (root / "TO Toimintaohjeet" / f"{title.replace(' ', '_')}.docx").write_bytes(filegen.docx_bytes(title, text))
    for number in range(16, 30):
        title, text = _topic(number)
        (root / "työohjeet" / "vanhat" / f"{title}.pdf").write_bytes(filegen.pdf_bytes(title, text))
    (root / "Kokousohje.odt").write_bytes(filegen.odt_bytes("Kokousohje", "Kokouksesta laaditaan pöytäkirja."))
    (root / "lukuohje.md").write_text("# Lukuohje\n\nLue ohje huolellisesti.\n", encoding="utf-8")
    (root / "Rikki.docx").write_bytes(filegen.docx_bytes("Rikki", "x")[:700])  # truncated: not a valid zip
    shutil.copy(root / "TO Toimintaohjeet" / "Hätäpoistuminen_2.docx", root / "työohjeet" / "kopio.docx")
    (root / "Thumbs.db").write_bytes(b"\x00\x01")
    return root


def _count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar()


def _stored_files() -> list:
    root = storage.files_dir()
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_folder_import_all_or_nothing_dry_run_and_idempotent(make, runner, folder):
    importer = make.user("quality_owner", email="laatu@example.org")

    first = runner.invoke(args=["import", str(folder), "--as", importer.email])
    assert first.exit_code != 0 and "Rikki.docx" in first.output and "Nothing was imported" in first.output
    assert _count(Document) == 0 and _stored_files() == []

    (folder / "Rikki.docx").unlink()
    dry = runner.invoke(args=["import", str(folder), "--dry-run", "--as", importer.email])
    assert dry.exit_code == 0, dry.output
    assert dry.output.count("would create") == 32
    assert (
        "skip    työohjeet/kopio.docx: sama sisältö kuin tiedostossa TO Toimintaohjeet/Hätäpoistuminen_2.docx"
        in dry.output
    )
    assert "ignored Thumbs.db" in dry.output
    assert _count(Document) == 0 and _stored_files() == []

    real = runner.invoke(args=["import", str(folder), "--as", importer.email])
    assert real.exit_code == 0, real.output
    assert "Imported 32 document(s); skipped 1." in real.output
    assert _count(Document) == 32 and _count(Attachment) == 32 and len(_stored_files()) == 32

    again = runner.invoke(args=["import", str(folder), "--as", importer.email])
    assert again.exit_code == 0 and "Imported 0 document(s); skipped 33." in again.output
    assert _count(Document) == 32 and _count(DocumentVersion) == 32


def test_imported_documents_carry_type_text_attachment_and_import_record(make, runner, folder):
    importer = make.user("quality_owner")
    (folder / "Rikki.docx").unlink()
    assert runner.invoke(args=["import", str(folder), "--as", importer.email]).exit_code == 0
    documents = {d.title: d for d in db.session.execute(db.select(Document)).scalars()}
    docx_doc, pdf_doc = documents["Poissaolojen ilmoittaminen 0"], documents["Näyttöjen arviointi 16"]
    assert (docx_doc.type.prefix, pdf_doc.type.prefix, documents["Kokousohje"].type.prefix) == ("TO", "TY", "TO")
    for document, needle in ((docx_doc, "ryhmänohjaajalle"), (pdf_doc, "näyttöympäristössä")):
        version = document.versions[0]
        assert (version.state, version.imported, version.label) == ("effective", True, "1.0")
        assert needle in version.body and needle in version.attachments[0].extracted_text
        assert version.content_hash and version.attachments[0].sha256 in [a.sha256 for a in version.attachments]
        assert document.owner_id == importer.id
    assert documents["Lukuohje"].versions[0].attachments[0].media_type == "text/markdown"


def test_manifest_sets_metadata_and_a_bad_row_is_reported_by_line(make, runner, tmp_path):
    make.doc_type("TO")
    unit = make.unit("OPE", "Opetus")
    owner = make.user("author", email="omistaja@example.org")
    importer = make.user("admin")
    root = tmp_path / "kansio"
    root.mkdir()
    (root / "a.docx").write_bytes(filegen.docx_bytes("Arviointiohje", "Arviointi tehdään asteikolla 1–5."))
    (root / "b.pdf").write_bytes(filegen.pdf_bytes("Palauteohje", "Palaute kerätään."))
    manifest = tmp_path / "luettelo.csv"
    manifest.write_text(
        "file;code;title;type;unit;owner;effective_date;version_label\n"
        "a.docx;TO-120;Arvioinnin toimintaohje;TO;OPE;omistaja@example.org;1.8.2023;3.2\n"
        "b.pdf;;Palautteen kerääminen;XX;;;2023-13-01;versio 2 vuodelta 2019 (hyväksytty)\n",
        encoding="utf-8",
    )
    bad = runner.invoke(args=["import", str(root), "--manifest", str(manifest)])
    assert bad.exit_code != 0
    assert "b.pdf (luettelon rivi 3)" in bad.output and "effective_date" in bad.output
    assert "type" in bad.output and "version_label" in bad.output and _count(Document) == 0

    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        .replace("XX", "TO")
        .replace("2023-13-01", "2024-01-15")
        .replace("versio 2 vuodelta 2019 (hyväksytty)", "2"),
        encoding="utf-8",
    )
    good = runner.invoke(args=["import", str(root), "--manifest", str(manifest)])
    assert good.exit_code == 0, good.output
    document = db.session.execute(db.select(Document).where(Document.code == "TO-120")).scalar_one()
    version = document.versions[0]
    assert (document.title, document.unit_id, document.owner_id) == ("Arvioinnin toimintaohje", unit.id, owner.id)
    assert (version.label, version.effective_from.date().isoformat()) == ("3.2", "2023-07-31")  # 1.8. 00:00 Helsinki
    assert version.author_id == owner.id and importer.id != owner.id


def test_manifest_row_for_a_missing_file_is_an_error(make, runner, tmp_path):
    make.doc_type("TO")
    importer = make.user("admin")
    root = tmp_path / "kansio"
    root.mkdir()
    (root / "a.docx").write_bytes(filegen.docx_bytes("A", "Teksti."))
    manifest = root / "manifest.csv"
    manifest.write_text("file,title\npuuttuu.docx,Puuttuva\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(root), "--manifest", str(manifest), "--as", importer.email])
    assert result.exit_code != 0 and "manifest.csv rivi 2: puuttuu.docx" in result.output and _count(Document) == 0


def test_only_admins_and_quality_owners_may_import(make, runner, folder):
    author = make.user("author")
    result = runner.invoke(args=["import", str(folder), "--as", author.email])
    assert result.exit_code != 0 and "laatuvastaavat" in result.output.lower()
    assert _count(Document) == 0


def test_without_as_and_without_admin_the_command_says_what_to_do(make, runner, folder):
    result = runner.invoke(args=["import", str(folder)])
    assert result.exit_code != 0 and "--as" in result.output


def test_search_finds_the_text_of_imported_files(make, runner, folder):
    from registry import search

    importer = make.user("quality_owner")
    (folder / "Rikki.docx").unlink()
    assert runner.invoke(args=["import", str(folder), "--as", importer.email]).exit_code == 0
    search.sync()
    reader = make.user()
    documents = {d.title: d for d in db.session.execute(db.select(Document)).scalars()}
    # words that stand only in the files: one from a DOCX, one (inflected) from a PDF
    docx_hits = search.search("ryhmänohjaajalle", user=reader)
    assert documents["Poissaolojen ilmoittaminen 0"].code in [hit.code for hit in docx_hits.hits]
    pdf_hits = search.search("näyttöympäristö", user=reader)
    assert documents["Näyttöjen arviointi 16"].code in [hit.code for hit in pdf_hits.hits]


def test_word_files_are_converted_like_a_single_upload(make, runner, tmp_path):
    make.doc_type("TO")
    importer = make.user("quality_owner")
    root = tmp_path / "kansio"
    root.mkdir()
    (root / "Valintaohje.docx").write_bytes(filegen.rich_docx_bytes(image=filegen.png_image()))
    (root / "Palaute.odt").write_bytes(filegen.rich_odt_bytes())
    (root / "Salattu.docx").write_bytes(filegen.encrypted_docx())
    refused = runner.invoke(args=["import", str(root), "--as", importer.email])
    assert refused.exit_code != 0 and "Salattu.docx" in refused.output and _count(Document) == 0
    assert "suojattu salasanalla" in refused.output
    (root / "Salattu.docx").unlink()
    result = runner.invoke(args=["import", str(root), "--as", importer.email])
    assert result.exit_code == 0, result.output
    documents = {d.title: d.versions[0] for d in db.session.execute(db.select(Document)).scalars()}
    word = documents["Valintaohje"]
    assert "| Valinta | Rehtori | huhtikuu 1 |" in word.body and "  - Varahenkilönä apulaisrehtori" in word.body
    assert {a.filename: a.role for a in word.attachments} == {"Valintaohje.docx": "source", "kuva-1.png": "image"}
    assert "**viikon kuluessa**" in documents["Palaute"].body
