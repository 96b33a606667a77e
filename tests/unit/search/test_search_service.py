"""The search service: Finnish and English analysis, codes, typos, malformed queries, facets."""

from __future__ import annotations

import pytest

from registry import search
from registry.extensions import db


@pytest.fixture
def staff(make):
    return make.user("quality_owner")


@pytest.fixture
def corpus(make, staff):
    docs = {
        "tyo": make.published(
            staff,
            title="Työohje: koneiden turvallinen käyttö",
            bodies=("Koneita käytetään turvallisesti ja suojalasit ovat pakollisia.",),
        ),
        "poissa": make.published(
            staff, title="Opiskelijan poissaolot", bodies=("Poissaoloista ilmoitetaan opettajalle heti aamulla.",)
        ),
        "turva": make.published(
            staff, title="Turvallisuusohje laboratorioon", bodies=("Kemikaaleja käsitellään vetokaapissa.",)
        ),
        "tieto": make.published(
            staff, title="Tietosuojaseloste", prefix="LO", bodies=("Henkilötietoja käsitellään lain mukaan.",)
        ),
        "kriisi": make.published(
            staff, title="Kriisisuunnitelma", bodies=("Kriisisuunnitelmaa päivitetään. Kriisitilanteessa toimitaan.",)
        ),
        "en": make.published(
            staff,
            title="Internal audit procedure",
            language="en",
            bodies=("Internal audits are carried out annually. Auditors write reports.",),
        ),
    }
    return docs


def codes(page):
    return [hit.code for hit in page.hits]


@pytest.mark.parametrize(
    "query, key",
    [
        ("poissaoloista", "poissa"),
        ("työohjeiden", "tyo"),
        ("turvallisuusohjeessa", "turva"),
        ("koneiden käytöstä", "tyo"),
    ],
)
def test_inflected_forms_find_base_forms(corpus, staff, query, key):
    page = search.search(query, user=staff)
    assert codes(page)[:1] == [corpus[key].code]


@pytest.mark.parametrize(
    "query, keys",
    [
        ("ohje", {"tyo", "turva"}),
        ("tietosuoja", {"tieto"}),
        ("suunnitelma", {"kriisi"}),
    ],
)
def test_compound_members_find_the_compound(corpus, staff, query, keys):
    assert set(codes(search.search(query, user=staff))) >= {corpus[k].code for k in keys}


def test_english_text_is_analysed_as_english(corpus, staff):
    page = search.search("auditing report", user=staff)
    assert codes(page) == [corpus["en"].code]


def test_typo_still_finds_the_document(corpus, staff):
    page = search.search("kriisisunnitelma", user=staff)
    assert codes(page) == [corpus["kriisi"].code]
    assert page.corrected_from == "kriisisunnitelma"
    assert "<mark>" in str(page.hits[0].snippet)


def test_typo_among_matching_words_gets_a_suggestion(corpus, staff):
    page = search.search("kriisitilanteessa kriisisunnitelma", user=staff)
    assert codes(page) == [corpus["kriisi"].code]
    assert page.suggestion is not None and "kriisisuunnitelma" in page.suggestion


def test_a_compound_no_document_contains_is_searched_as_its_members(corpus, staff, make):
    if search.status()["finnish_analysis"] != "voikko":
        pytest.skip("compound members come from Voikko")
    guide = make.published(
        staff,
        title="Hygieniaohjeet keittiöön",
        bodies=("Käsihygieniasta huolehditaan keittiössä ennen työn aloittamista.",),
    )
    page = search.search("keittiöhygieniassa", user=staff)  # no document says "keittiöhygienia"
    # The engine widens a rare compound to its members, so the query is answered as typed.
    assert page.corrected_from is None and page.query == "keittiöhygieniassa"
    assert codes(page)[:1] == [guide.code]
    # A compound that is found as written is not split.
    page = search.search("turvallisuusohjeessa", user=staff)
    assert page.corrected_from is None and codes(page)[:1] == [corpus["turva"].code]


def test_a_rare_compound_ranks_adjacent_members_above_scattered_ones(staff, make):
    if search.status()["finnish_analysis"] != "voikko":
        pytest.skip("compound members come from Voikko")
    # Nobody writes "työturvallisuusohje". One guide holds the run "työturvallisuus" and "ohje"; one
    # holds every member apart, and more often; one holds the run without "ohje"; a data-security
    # guide shares only "turva" and "ohje".
    adjacent = make.published(
        staff, title="Laboratorion ohje", bodies=("Työturvallisuudesta huolehtii jokainen laboratoriossa.",)
    )
    scattered = make.published(
        staff,
        title="Ohje työpajaan",
        bodies=(
            "Ohje: työpajan turvallisuus on kaikkien asia. Työ aloitetaan ajoissa, työ lopetetaan ajoissa. "
            "Turvallisuus ensin, ohje aina esillä.",
        ),
    )
    run = make.published(staff, title="Työturvallisuus varastossa", bodies=("Trukit ajetaan hitaasti.",))
    other = make.published(staff, title="Tietoturvaohje", bodies=("Salasanat vaihdetaan vuosittain.",))
    found = codes(search.search("työturvallisuusohje", user=staff))
    assert found[0] == adjacent.code
    assert {scattered.code, run.code} <= set(found)
    assert other.code not in found


def test_a_compound_member_is_found_in_its_base_form(staff, make):
    if search.status()["finnish_analysis"] != "voikko":
        pytest.skip("compound members come from Voikko")
    # "poistumisharjoitus" is written nowhere; "poistumisen" and "harjoitus" are, apart.
    apart = make.published(
        staff, title="Pelastussuunnitelma", bodies=("Poistumisen harjoitus pidetään syksyllä koko koulussa.",)
    )
    make.published(staff, title="Kevään harjoitus", bodies=("Harjoitus pidetään toukokuussa.",))
    assert codes(search.search("poistumisharjoitus", user=staff))[:1] == [apart.code]


def test_a_rare_word_also_finds_related_forms_below_the_word_itself(staff, make):
    if search.status()["finnish_analysis"] != "voikko":
        pytest.skip("lemmas come from Voikko")
    exact = make.published(staff, title="Syksyn harjoitus", bodies=("Harjoitus pidetään lokakuussa.",))
    related = make.published(staff, title="Kevään ohjelma", bodies=("Harjoittelu aloitetaan huhtikuussa.",))
    other = make.published(staff, title="Lomakalenteri", bodies=("Lomat sovitaan esihenkilön kanssa.",))
    found = codes(search.search("harjoitus", user=staff))
    assert found[:2] == [exact.code, related.code]
    assert other.code not in found


def test_a_typo_is_corrected_not_widened_to_related_forms(staff, make):
    if search.status()["finnish_analysis"] != "voikko":
        pytest.skip("lemmas come from Voikko")
    exact = make.published(staff, title="Syksyn harjoitus", bodies=("Harjoitus pidetään lokakuussa.",))
    make.published(staff, title="Kevään ohjelma", bodies=("Harjoittelu aloitetaan huhtikuussa.",))
    page = search.search("harjoitsu", user=staff)
    assert page.corrected_from == "harjoitsu"
    assert codes(page)[:1] == [exact.code]


@pytest.mark.parametrize("spelling", ["TO-001", "to1", "to 1", "To-0001"])
def test_code_in_any_spelling_finds_the_document(corpus, staff, spelling):
    assert codes(search.search(spelling, user=staff)) == ["TO-001"]


@pytest.mark.parametrize("query", ["AND (", '"', "title:", "ohje)", "*", "((((", "a" * 500, "-", "%s %d {x}"])
def test_malformed_queries_are_searched_as_words(corpus, staff, query):
    page = search.search(query, user=staff)
    assert page.total >= 0


def test_malformed_query_words_still_match(corpus, staff):
    assert corpus["turva"].code in codes(search.search('"turvallisuusohje (', user=staff))


def test_snippet_marks_matches_and_escapes_text(make, staff):
    document = make.published(staff, title="Ohje", bodies=("<script>alert(1)</script> Poissaolot kirjataan.",))
    hit = search.search("poissaolo", user=staff).hits[0]
    snippet = str(hit.snippet)
    assert hit.code == document.code
    assert "<mark>Poissaolot</mark>" in snippet
    assert "<script" not in snippet and "&lt;/script" in snippet


def test_facets_count_type_and_filters_apply(corpus, staff):
    page = search.search("käsitellään", user=staff)
    assert page.facets["type"] == {"LO": 1, "TO": 1}
    filtered = search.search("käsitellään", user=staff, filters={"type": "LO"})
    assert codes(filtered) == [corpus["tieto"].code]


def test_pagination(make, staff):
    for n in range(5):
        make.published(staff, title=f"Lomakeohje {n}", bodies=("Lomake täytetään.",))
    first = search.search("lomake", user=staff, per_page=2)
    second = search.search("lomake", user=staff, per_page=2, page=2)
    assert first.total == 5 and first.pages == 3
    assert len(first.hits) == 2 and not set(codes(first)) & set(codes(second))


def test_suggest_completes_visible_titles(corpus, staff):
    items = search.suggest("tietosuo", user=staff)
    assert items == [{"code": corpus["tieto"].code, "title": "Tietosuojaseloste"}]


def test_attachment_text_is_searched(make, staff):
    from registry.documents.models import Attachment

    document = make.published(staff, title="Perehdytys", bodies=("Katso liite.",))
    version = document.versions[-1]
    db.session.add(
        Attachment(
            version_id=version.id,
            filename="lomake.pdf",
            media_type="application/pdf",
            size=10,
            sha256="0" * 64,
            extracted_text="Palautuslomakkeiden käsittely",
            uploaded_by_id=staff.id,
        )
    )
    db.session.commit()
    assert codes(search.search("palautuslomake", user=staff)) == [document.code]


def test_status_reports_voikko(app):
    info = search.status()
    assert info["finnish_analysis"] == "voikko"
    assert info["engine"] == "whoosh"


def test_attachment_without_extracted_text_keeps_the_version_searchable(make, staff):
    from registry.documents.models import Attachment

    document = make.published(staff, title="Skannattu pöytäkirja", bodies=("Kokous pidettiin.",))
    db.session.add(
        Attachment(
            version_id=document.versions[-1].id,
            filename="skannaus.pdf",
            media_type="application/pdf",
            size=10,
            sha256="1" * 64,
            extracted_text=None,
            extraction_error="no text layer",
            uploaded_by_id=staff.id,
        )
    )
    db.session.commit()
    assert codes(search.search("pöytäkirja", user=staff)) == [document.code]
    assert codes(search.search("skannaus", user=staff)) == [document.code]  # the file name is indexed
    assert search.check().ok


def test_a_rare_query_compound_also_finds_its_members_written_apart(make, staff):
    whole = make.published(staff, title="Työturvallisuusohje", bodies=("Työturvallisuus on kaikkien asia.",))
    apart = make.published(staff, title="Pajan ohje", bodies=("Työn turvallisuus varmistetaan suojaimilla.",))
    make.published(staff, title="Kahvio", bodies=("Työ alkaa kahdeksalta.",))
    page = search.search("työturvallisuutta", user=staff)
    assert codes(page) == [whole.code, apart.code]
    assert page.corrected_from is None


def test_a_common_query_compound_also_finds_its_members_written_apart_below_it(make, staff):
    if search.status()["finnish_analysis"] != "voikko":
        pytest.skip("compound members come from Voikko")
    holders = [
        make.published(staff, title=f"Tietosuoja {n}", bodies=(f"Tietosuoja koskee rekisteriä {n}.",))
        for n in range(12)
    ]
    apart = make.published(
        staff, title="Asiakirjat", bodies=("Tieto säilytetään lukitussa kaapissa suoja-aidan takana.",)
    )
    found = codes(search.search("tietosuoja", user=staff, per_page=20))
    assert found[-1] == apart.code
    assert set(found[:-1]) == {h.code for h in holders}
