"""The LAMPPU project of the demo organisation, from its 2012 progress report (shared seed).

Goal descriptions and the spring and autumn 2012 results are the report's own text; an empty
cell in the report has no progress entry here. The indicators and their values are demo data.
"""

from __future__ import annotations

from registry.goals import services

PLAN = {
    "code": "LAMPPU",
    "name": "Laatua ammatilliseen koulutukseen pohjoisessa (LAMPPU-hanke)",
    "kind": "project",
    "organisation": "Kainuun maakunta-kuntayhtymä, Kainuun ammattiopisto-liikelaitos",
    "contact": "Esa Oikarinen esa.oikarinen@kao.fi puh. 044 710 1404 Opintie 3, 87100 Kajaani",
    "period": "2012",
    "description": "Pohjoisen Suomen ammatillisen koulutuksen järjestäjien laatuverkostohanke, "
    "jonka osahanketta Kainuun ammattiopisto toteuttaa.",
}
SPRING, AUTUMN = "kevät 2012", "syksy 2012"

# code, short title, owner key, full description (the report's left column), results per period
GOALS = [
    (
        "T1",
        "Pohjoisen laatuverkoston yhteistyö",
        "laatu",
        "Hankkeessa käynnistetään pohjoisen Suomen ammatillisen koulutuksen järjestäjien laatuverkostoyhteistyö. "
        "Hanke tekee yhteistyötä ja verkostoituu myös muiden laatustrategian toimeenpanoa tukevien hankkeiden kanssa.",
        {
            SPRING: "Hanke on käynnistynyt yhteisillä kokouksilla ja tapaamisilla.",
            AUTUMN: "Syyskaudella KAO:n edustajat ovat osallistuneet aktiivisesti verkoston toimintaan mm. "
            "iLinc-kokousten, hanketapaamisten ja seminaarien muodossa. Laatuasioihin liittyviä kahdenvälisiä "
            "yhteyksiä on pidetty yllä useisiin LAMPPU-verkoston oppilaitoksiin sekä sen ulkopuolisiin "
            "oppilaitoksiin.",
        },
    ),
    (
        "T2",
        "Tuki ja kokemusten jakaminen laatutyötä aloitteleville",
        "laatu",
        "Hankkeessa mukana olevat laatutyössä pidemmälle ehtineet koulutuksen järjestäjät sitoutuvat antamaan tukea, "
        "ohjausta sekä kertomaan kokemuksia hankkeessa mukana oleville laatutyötä aloitteleville koulutuksen "
        "järjestäjille.",
        {
            SPRING: "KAO järjesti LAMPPU - hankkeen puitteissa hankkeeseen osallistuville benchmark – tapaamisen "
            "Kajaanissa. Tapaamisen aikana KAO:n toimintaa esiteltiin ennakkoon laadittujen kysymysten "
            "pohjalta. Tapaamisesta laadittiin raportti, joka on nähtävillä hankkeen kotisivulla.",
            AUTUMN: "Syyskaudella KAO on esitellyt toimintajärjestelmäänsä kiinnostuneille koulutuksen järjestäjille "
            "(mm. OAKK).",
        },
    ),
    (
        "T3",
        "Laatu- tai toimintajärjestelmän malli",
        "laatu",
        "Laatustrategian toimeenpanon tueksi hanke laatii kuvauksen tai mallin laatu- tai toimintajärjestelmästä "
        "(laadunhallintajärjestelmästä)",
        {
            AUTUMN: "KAO:n edustajat ovat osallistuneet mallin kehittämiseen mm. kommentoimalla ja esittämällä "
            "kehittämissuhteita."
        },
    ),
    (
        "T4",
        "Laadun ja tuloksellisuuden mittarit",
        "laatu",
        "Laadun ja tuloksellisuuden mittaamista ja ohjaamista ohjaavien mittareiden kehittäminen.",
        {
            SPRING: "Mittariston kehittäminen KAO:ssa aloitettu.",
            AUTUMN: "Mittariston kehittäminen on edelleen työn alla organisaatiomuutosten ja koulutuksen järjestäjän "
            "vaihtumisesta aiheutuneiden viivästysten vuoksi.",
        },
    ),
    (
        "T5",
        "KAO:n laadunhallinnan kehittämissuunnitelma",
        "laatu",
        "Kainuun ammattiopisto-liikelaitos laatii omaa organisaatiota koskevan laadunhallinta- tai "
        "toimintajärjestelmän laatimisen tai kehittämisen suunnitelman hankkeessa luodun mallin pohjalta.",
        {
            AUTUMN: "KAO:n toimintajärjestelmän kehittämiseksi laadittiin suunnitelma, jossa huomioitiin hankkeessa "
            "kehitetyt mallin hyviä ominaisuuksia ja käytänteitä. Suunnitelman lisäksi päivitettiin KAO:n "
            "laatustrategia ja kehitettiin laadunhallinnan konkreettisia työvälineitä mm. "
            "toimintaohjerekisteri."
        },
    ),
    (
        "T6",
        "Avoin päätösseminaari",
        "laatu",
        "Hanke järjestää hankkeen lopussa kaikille avoimen päätöseminaarin, jossa kerrotaan miten hankkeessa mukana "
        "olevat koulutuksen järjestäjät kehittävät laatutoimintaansa hankkeen päättymisen jälkeen.",
        {AUTUMN: "KAO:n edustajat (2 kpl) osallistuvat Kokkolassa järjestettyyn päätöseminariin."},
    ),
]

# goal, name, unit, target, direction, frequency, [(period, value)]
INDICATORS = [
    ("T1", "Verkoston tapaamisiin osallistuminen", "kpl", 6, "higher", "semiannual", [(SPRING, 3), (AUTUMN, 7)]),
    (
        "T2",
        "Benchmark-tapaamiset ja esittelyt muille järjestäjille",
        "kpl",
        2,
        "higher",
        "semiannual",
        [(SPRING, 1), (AUTUMN, 2)],
    ),
    ("T4", "Mittariston valmiusaste", "%", 100, "higher", "semiannual", [(SPRING, 20), (AUTUMN, 45)]),
    ("T4", "Opintojen keskeyttäminen", "%", 8, "lower", "annual", [("2010", 10.4), ("2011", 9.6), ("2012", 8.9)]),
    ("T5", "Toimintaohjerekisteriin viedyt ohjeet", "kpl", 25, "higher", "semiannual", [(AUTUMN, 12)]),
]


def load(users: dict, documents_by_goal: dict[str, list]) -> None:
    """Create the plan, goals, results, indicators and goal links through the goals services."""
    actor = users["laatu"]
    plan = services.create_plan(actor, **PLAN)
    goals = {}
    for code, title, owner, description, results in GOALS:
        goals[code] = services.create_goal(
            actor, plan, code=code, title=title, description=description, owner=users[owner].email
        )
        for period, text in results.items():
            services.write_progress_entry(users[owner], goals[code], period=period, text=text)
    for code, name, unit, target, direction, frequency, values in INDICATORS:
        indicator = services.create_indicator(
            actor, goals[code], name=name, unit=unit, target=target, direction=direction, frequency=frequency
        )
        for period, value in values:
            services.record_measurement(actor, indicator, period=period, value=value)
    links: dict = {}
    for code, docs in documents_by_goal.items():
        for document in docs:
            links.setdefault(document, []).append(goals[code])
    for document, linked in links.items():
        services.set_document_goals(actor, document, linked)
