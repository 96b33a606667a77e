"""Demo content for Lamppu: units, quality documents with version history,
one withdrawn document and two open drafts.

Plain data only. Bodies are Finnish Markdown; they also feed the search tests,
so they use inflected forms and compounds the way real documents do.
"""

from __future__ import annotations

UNITS = [
    {"code": "KAO", "name": "Kainuun ammattiopisto", "name_en": "Kainuu Vocational College", "parent": None},
    {"code": "JOHTO", "name": "Johto ja laatu", "name_en": "Management and Quality", "parent": "KAO"},
    {"code": "OPPI", "name": "Opintopalvelut", "name_en": "Student Services", "parent": "KAO"},
    {"code": "TEKN", "name": "Tekniikka ja liikenne", "name_en": "Technology and Transport", "parent": "KAO"},
    {"code": "SOTE", "name": "Sosiaali- ja terveysala", "name_en": "Social and Health Care", "parent": "KAO"},
    {"code": "PALV", "name": "Palvelualat", "name_en": "Service Industries", "parent": "KAO"},
    {"code": "TUKI", "name": "Tukipalvelut", "name_en": "Support Services (IT, Facilities)", "parent": "KAO"},
]

DOCUMENTS = [
    # ------------------------------------------------------------------
    # LS: quality strategy. Deliberately older than everything else: the
    # second version is the "updated quality strategy" of autumn 2012 that
    # the LAMPPU project progress report mentions.
    # ------------------------------------------------------------------
    {
        "type": "LS",
        "unit": "JOHTO",
        "owner": "laatu",
        "visibility": "public",
        "audience_units": [],
        "tags": ["laatustrategia", "laadunhallinta", "johtaminen"],
        "goals": ["T3", "T5"],
        "versions": [
            {
                "label": "1.0",
                "title": "Kainuun ammattiopiston laatustrategia",
                "body": """## Tarkoitus

Laatustrategia kuvaa, miten Kainuun ammattiopisto (KAO) johtaa, arvioi ja kehittää toimintaansa. Strategia perustuu Opetushallituksen ammatillisen koulutuksen laadunhallintasuositukseen (2008) ja eurooppalaiseen laadunvarmistuksen viitekehykseen (EQARF). Se koskee kaikkia koulutusaloja sekä opinto- ja tukipalveluja.

## Laatupolitiikka

Laadukas koulutus tarkoittaa KAO:ssa sitä, että opiskelija saavuttaa tutkinnon perusteissa määritellyn ammattitaidon, työelämä saa osaavaa työvoimaa ja henkilöstö voi hyvin. Toimintaamme ohjaavat asiakaslähtöisyys, tavoitteellisuus, jatkuva parantaminen ja tiivis yhteistyö Kainuun työ- ja elinkeinoelämän kanssa.

## Vastuut

- Rehtori vastaa laadunhallinnan kokonaisuudesta ja hyväksyy laatustrategian.
- Johtoryhmä seuraa tavoitteiden toteutumista puolivuosittain.
- Laatuvastaava koordinoi laatutyötä, sisäisiä auditointeja ja laatuasiakirjojen ylläpitoa.
- Koulutuspäälliköt vastaavat laadunhallinnasta omalla koulutusalallaan.
- Jokainen opettaja ja työntekijä noudattaa sovittuja toimintatapoja ja tekee parannusehdotuksia.

## Arviointi ja parantaminen

Toimintaa arvioidaan PDCA-syklin (suunnittele – toteuta – arvioi – paranna) mukaisesti. Keskeisiä arviointitapoja ovat opiskelija- ja työelämäpalautteet, sisäiset auditoinnit, itsearviointi sekä tilastotiedot opintojen keskeyttämisestä ja valmistuneiden työllistymisestä. Arvioinnin tulokset käsitellään johtoryhmässä, ja niiden pohjalta päätetään kehittämistoimenpiteistä seuraavan lukuvuoden toimintasuunnitelmaan.

## Dokumentointi

Laatujärjestelmän asiakirjat kootaan toimintakäsikirjaan. Prosessikuvaukset ja toimintaohjeet laaditaan yhtenäiselle asiakirjapohjalle, ja niiden ajantasaisuudesta vastaa kunkin asiakirjan omistaja.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2010-05-18",
                "effective_from": "2010-06-01",
            },
            {
                "label": "2.0",
                "title": "Kainuun ammattiopiston päivitetty laatustrategia",
                "body": """## Tarkoitus ja lähtökohdat

Tämä päivitetty laatustrategia korvaa vuonna 2010 hyväksytyn laatustrategian. Päivityksen lähtökohtina ovat opetus- ja kulttuuriministeriön Ammatillisen koulutuksen laatustrategia 2011–2020, LAMPPU-hankkeessa (Laatua ammatilliseen koulutukseen pohjoisessa) kehitetty laatu- ja toimintajärjestelmän malli sekä koulutuksen järjestäjän vaihtumiseen liittyvät muutokset. Tavoitteena on, että KAO:n laadunhallintajärjestelmä kattaa koko toiminnan vuoteen 2015 mennessä.

## Laatupolitiikka

Kainuun ammattiopisto tuottaa osaamista, joka vastaa Kainuun työelämän tarpeisiin. Laatu näkyy opiskelijan sujuvana opintopolkuna, työpaikkojen luottamuksena ja henkilöstön vahvana ammattitaitona. Toimintaa kehitetään tiedon perusteella: päätökset perustuvat palautteisiin, mittareihin ja arviointituloksiin.

## Strategiset painopisteet

- Laadunhallintajärjestelmän kuvaaminen ja käyttöönotto: toimintakäsikirja, prosessikuvaukset ja toimintaohjerekisteri.
- Laadun ja tuloksellisuuden mittariston kehittäminen johtamisen välineeksi.
- Verkostoyhteistyö ja vertaisoppiminen pohjoisen Suomen koulutuksen järjestäjien kanssa, esimerkiksi benchmark-tapaamiset ja niistä laadittavat raportit.
- Opiskelija- ja työelämäpalautteen järjestelmällinen kerääminen ja käsittely.

## Vastuut

Rehtori vastaa laatustrategian toimeenpanosta. Laatuvastaava ylläpitää toimintaohjerekisteriä ja raportoi johtoryhmälle laatutyön etenemisestä neljännesvuosittain. Koulutuspäälliköt nimeävät aloilleen laatuyhdyshenkilöt, jotka osallistuvat sisäisiin auditointeihin ja toimintaohjeiden päivittämiseen.

## Seuranta

Laatustrategian toteutumista arvioidaan vuosittain johdon katselmuksessa. Katselmuksessa käydään läpi mittariston tulokset, auditointihavainnot ja palautteiden yhteenvedot. Tarvittaessa strategiaa päivitetään, ja muutokset viestitään henkilöstölle henkilöstöinfoissa ja intranetissä.""",
                "change_summary": "Päivitetty laatustrategia: lähtökohdiksi Ammatillisen koulutuksen laatustrategia 2011–2020 ja LAMPPU-hankkeen laatujärjestelmämalli; lisätty strategiset painopisteet (mittaristo, toimintaohjerekisteri, verkostoyhteistyö); raportointi johtoryhmälle muutettu puolivuosittaisesta neljännesvuosittaiseksi.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2012-10-23",
                "effective_from": "2012-11-01",
            },
        ],
    },
    # ------------------------------------------------------------------
    # TK: handbooks
    # ------------------------------------------------------------------
    {
        "type": "TK",
        "unit": "JOHTO",
        "owner": "laatu",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["toimintakäsikirja", "laatujärjestelmä", "prosessit"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Kainuun ammattiopiston toimintakäsikirja",
                "body": """## Käsikirjan tarkoitus

Toimintakäsikirja kuvaa Kainuun ammattiopiston (KAO) toimintajärjestelmän: miten toimintaa johdetaan, mitkä ovat keskeiset prosessit ja mistä niitä koskevat ohjeet löytyvät. Käsikirja on tarkoitettu koko henkilöstölle, ja se on uuden työntekijän perehdytyksen perusaineisto. Käsikirja pohjautuu laatustrategiaan ja lakiin ammatillisesta koulutuksesta (531/2017), joka velvoittaa koulutuksen järjestäjän arvioimaan ja kehittämään toimintansa laatua jatkuvasti.

## Prosessikartta

KAO:n prosessit jaetaan kolmeen ryhmään:

- **Johtamisprosessit**: strateginen suunnittelu, toiminnan ja talouden ohjaus, laadunhallinta ja sisäinen auditointi.
- **Ydinprosessit**: hakeutuminen ja opiskelijavalinta, osaamisen tunnistaminen ja henkilökohtaistaminen, koulutuksen toteutus oppilaitoksessa ja työpaikalla, osaamisen arviointi ja näytöt sekä valmistumisvaiheen ohjaus.
- **Tukiprosessit**: henkilöstöhallinto ja perehdyttäminen, hankinnat, tietohallinto, kiinteistöt ja turvallisuus.

Jokaisella prosessilla on nimetty prosessinomistaja, joka vastaa prosessikuvauksen ajantasaisuudesta.

## Asiakirjojen hierarkia

Laatujärjestelmän asiakirjat ovat tasoiltaan laatustrategia (LS), toimintakäsikirja (TK), prosessikuvaukset (PK), toimintaohjeet (TO), työohjeet (TY) ja lomakkeet (LO). Ylemmän tason asiakirja ohjaa alempaa; ristiriitatilanteessa noudatetaan ylemmän tason asiakirjaa. Kaikki voimassa olevat asiakirjat luetellaan toimintaohjerekisterissä.

## Johdon katselmus

Johtoryhmä pitää johdon katselmuksen kerran vuodessa kesäkuussa. Katselmuksessa arvioidaan tavoitteiden toteutuminen, palautteiden ja sisäisten auditointien tulokset sekä päätetään seuraavan lukuvuoden kehittämiskohteista.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2019-01-15",
                "effective_from": "2019-02-01",
            },
            {
                "label": "2.0",
                "title": "Kainuun ammattiopiston toimintakäsikirja",
                "body": """## Käsikirjan tarkoitus

Toimintakäsikirja kuvaa Kainuun ammattiopiston (KAO) toimintajärjestelmän: miten toimintaa johdetaan, mitkä ovat keskeiset prosessit ja mistä niitä koskevat ohjeet löytyvät. Käsikirja on koko henkilöstön perehdytyksen perusaineisto. Se pohjautuu laatustrategiaan, lakiin ammatillisesta koulutuksesta (531/2017) ja 1.8.2021 voimaan tulleeseen oppivelvollisuuslakiin (1214/2020).

## Prosessikartta

- **Johtamisprosessit**: strateginen suunnittelu, toiminnan ja talouden ohjaus, laadunhallinta ja sisäinen auditointi.
- **Ydinprosessit**: hakeutuminen ja opiskelijavalinta (yhteishaku ja jatkuva haku), osaamisen tunnistaminen ja henkilökohtaistaminen, koulutuksen toteutus oppilaitoksessa ja työpaikalla, oppivelvollisten opintojen seuranta ja ohjaus, osaamisen arviointi sekä valmistumisvaiheen ohjaus.
- **Tukiprosessit**: henkilöstöhallinto ja perehdyttäminen, hankinnat, tietohallinto ja tietosuoja, kiinteistöt ja turvallisuus.

Jokaisella prosessilla on nimetty prosessinomistaja, joka vastaa prosessikuvauksen ajantasaisuudesta.

## Asiakirjojen hierarkia

Asiakirjatasot ovat laatustrategia (LS), toimintakäsikirja (TK), prosessikuvaukset (PK), toimintaohjeet (TO), työohjeet (TY) ja lomakkeet (LO). Ristiriitatilanteessa noudatetaan ylemmän tason asiakirjaa. Voimassa olevat asiakirjat luetellaan toimintaohjerekisterissä.

## Johdon katselmus

Johtoryhmä pitää johdon katselmuksen kerran vuodessa tammikuussa. Ajankohta siirrettiin kesäkuusta, koska tuloksellisuusrahoituksen tiedot sekä Arvo-palvelun opiskelija- ja työelämäpalautteet raportoidaan kalenterivuosittain.

## Opiskelijoiden ja työelämän osallisuus

Opiskelijakunnan hallitus nimeää edustajansa laatutyöryhmään. Alakohtaiset työelämätoimikunnat kokoontuvat kahdesti lukuvuodessa ja arvioivat koulutuksen vastaavuutta alueen työvoimatarpeisiin.""",
                "change_summary": "Prosessikarttaan lisätty oppivelvollisten opintojen seuranta ja jatkuva haku; johdon katselmus siirretty kesäkuusta tammikuuhun; lisätty uusi luku opiskelijoiden ja työelämän osallisuudesta.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2021-08-09",
                "effective_from": "2021-08-16",
            },
            {
                "label": "2.1",
                "title": "Kainuun ammattiopiston toimintakäsikirja",
                "body": """## Käsikirjan tarkoitus

Toimintakäsikirja kuvaa Kainuun ammattiopiston (KAO) toimintajärjestelmän: miten toimintaa johdetaan, mitkä ovat keskeiset prosessit ja mistä niitä koskevat ohjeet löytyvät. Käsikirja on koko henkilöstön perehdytyksen perusaineisto. Se pohjautuu laatustrategiaan, lakiin ammatillisesta koulutuksesta (531/2017) ja oppivelvollisuuslakiin (1214/2020).

## Organisaatio

KAO:n toiminta on jaettu yksiköihin: Johto ja laatu, Opintopalvelut, Tekniikka ja liikenne, Sosiaali- ja terveysala, Palvelualat sekä Tukipalvelut (tietohallinto ja kiinteistöt). Yksiköiden esihenkilöt kuuluvat laajennettuun johtoryhmään.

## Prosessikartta

- **Johtamisprosessit**: strateginen suunnittelu, toiminnan ja talouden ohjaus, laadunhallinta ja sisäinen auditointi.
- **Ydinprosessit**: hakeutuminen ja opiskelijavalinta (yhteishaku ja jatkuva haku), osaamisen tunnistaminen ja henkilökohtaistaminen, koulutuksen toteutus oppilaitoksessa ja työpaikalla, oppivelvollisten opintojen seuranta ja ohjaus, osaamisen arviointi sekä valmistumisvaiheen ohjaus.
- **Tukiprosessit**: henkilöstöhallinto ja perehdyttäminen, hankinnat, tietohallinto ja tietosuoja, kiinteistöt ja turvallisuus.

## Asiakirjojen hierarkia

Asiakirjatasot ovat laatustrategia (LS), toimintakäsikirja (TK), prosessikuvaukset (PK), toimintaohjeet (TO), työohjeet (TY) ja lomakkeet (LO). Ristiriitatilanteessa noudatetaan ylemmän tason asiakirjaa. Kaikki voimassa olevat asiakirjat ja niiden versiohistoria löytyvät Lamppu-asiakirjarekisteristä; intranetin vanhoja tiedostokopioita ei saa käyttää.

## Johdon katselmus

Johtoryhmä pitää johdon katselmuksen kerran vuodessa tammikuussa, koska tuloksellisuusrahoituksen tiedot ja Arvo-palautteet raportoidaan kalenterivuosittain.

## Opiskelijoiden ja työelämän osallisuus

Opiskelijakunnan hallitus nimeää edustajansa laatutyöryhmään. Alakohtaiset työelämätoimikunnat kokoontuvat kahdesti lukuvuodessa.""",
                "change_summary": "Tekninen päivitys: lisätty organisaatiota kuvaava luku yksikkörakenteen mukaisesti ja asiakirjojen sijainniksi vaihdettu Lamppu-asiakirjarekisteri. Sisältöön ei muita muutoksia.",
                "author": "kirjoittaja",
                "approvers": ["laatu", "rehtori"],
                "approved_at": "2024-03-04",
                "effective_from": "2024-03-11",
            },
        ],
    },
    {
        "type": "TK",
        "unit": "JOHTO",
        "owner": "laatu",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["mittaristo", "tunnusluvut", "tuloksellisuus", "johtaminen"],
        "goals": ["T4"],
        "versions": [
            {
                "label": "1.0",
                "title": "Toiminnan ohjauksen mittaristo",
                "body": """## Tarkoitus

Mittaristo kokoaa tunnusluvut, joilla KAO:n johto seuraa laatustrategian ja toimintasuunnitelman tavoitteiden toteutumista. Mittariston kehittäminen aloitettiin LAMPPU-hankkeen aikana vuonna 2012, ja nykyinen rakenne otettiin käyttöön ammatillisen koulutuksen rahoitusuudistuksen jälkeen. Mittarit on valittu niin, että ne tukevat myös tuloksellisuusrahoituksen tavoitteita.

## Mittarit ja tavoitearvot

- **Tutkinnon suorittaneet**: tutkintojen ja tutkinnon osien määrä suhteessa toimintasuunnitelmaan; seuranta Primuksesta kuukausittain.
- **Opintojen keskeyttäminen**: negatiivisesti eronneiden osuus enintään 8 % vuodessa.
- **Opiskelijapalaute**: AMIS-päättökyselyn kokonaistyytyväisyys vähintään 4,0 (asteikko 1–5); seuranta Arvo-palvelusta puolivuosittain.
- **Työllistyminen ja jatko-opinnot**: vähintään 70 % valmistuneista työllisenä tai jatko-opinnoissa vuoden kuluttua valmistumisesta; lähteenä Vipunen-tilastopalvelu.
- **Henkilöstön hyvinvointi**: sairauspoissaolot enintään 10 päivää henkilötyövuotta kohden.
- **Työturvallisuus**: opiskelijoiden ja henkilöstön tapaturmat sekä läheltä piti -ilmoitusten määrä. Tavoitteena on ilmoitusten määrän kasvu ja tapaturmien väheneminen.

## Vastuut ja raportointi

Laatuvastaava kokoaa tunnusluvut neljännesvuosittain johtoryhmälle. Koulutuspäälliköt analysoivat oman alansa tulokset ja kirjaavat tavoitteesta poikkeaviin tuloksiin korjaavat toimenpiteet. Vuosittainen yhteenveto esitetään johdon katselmuksessa, ja sen perusteella tavoitearvot vahvistetaan seuraavalle vuodelle.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2020-02-10",
                "effective_from": "2020-02-17",
            },
            {
                "label": "2.0",
                "title": "Toiminnan ohjauksen mittaristo ja tunnusluvut",
                "body": """## Tarkoitus

Mittaristo kokoaa tunnusluvut, joilla KAO:n johto seuraa laatustrategian ja toimintasuunnitelman tavoitteiden toteutumista. Mittarit tukevat tuloksellisuusrahoituksen tavoitteita, ja niiden tulokset ovat johtoryhmän ja koulutusalojen käytettävissä raportointinäkymässä.

## Mittarit ja tavoitearvot

- **Tutkinnon suorittaneet**: tutkintojen ja tutkinnon osien määrä suhteessa toimintasuunnitelmaan; seuranta Primuksesta kuukausittain.
- **Opintojen keskeyttäminen**: negatiivisesti eronneiden osuus enintään 7 % vuodessa.
- **Opiskelijapalaute**: AMIS-päättökyselyn kokonaistyytyväisyys vähintään 4,0 (asteikko 1–5).
- **Työelämäpalaute**: Arvo-palvelun työpaikkaohjaajakyselyn keskiarvo vähintään 4,2 ja työpaikkakyselyn vastausprosentti vähintään 40 %.
- **Työllistyminen ja jatko-opinnot**: vähintään 72 % valmistuneista työllisenä tai jatko-opinnoissa vuoden kuluttua valmistumisesta; lähteenä Vipunen-tilastopalvelu.
- **Henkilöstön hyvinvointi**: sairauspoissaolot enintään 10 päivää henkilötyövuotta kohden.
- **Työturvallisuus**: tapaturmat ja läheltä piti -ilmoitusten määrä.

## Tiedonkeruu

Tunnusluvut päivittyvät automaattisesti kuukausittaiseen raportointinäkymään Primuksesta, Arvo-palvelusta ja henkilöstöhallinnon järjestelmästä. Manuaalisesti koottavat luvut (tapaturmat, läheltä piti -tilanteet) kirjaa työsuojelupäällikkö kuun viidenteen päivään mennessä.

## Vastuut ja raportointi

Laatuvastaava käy tulokset läpi johtoryhmän kanssa kuukausittain. Koulutuspäälliköt kirjaavat tavoitteesta poikkeaviin tuloksiin korjaavat toimenpiteet kahden viikon kuluessa. Vuosittainen yhteenveto esitetään johdon katselmuksessa.""",
                "change_summary": "Lisätty työelämäpalautteen mittarit (Arvo-palvelun työpaikkaohjaaja- ja työpaikkakysely); keskeyttämisen tavoitearvo kiristetty 8 %:sta 7 %:iin ja työllistymisen tavoite nostettu 72 %:iin; raportointi muutettu neljännesvuosittaisesta kuukausittaiseksi ja lisätty luku tiedonkeruusta.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2023-09-04",
                "effective_from": "2023-09-11",
            },
        ],
    },
    # ------------------------------------------------------------------
    # PK: process descriptions
    # ------------------------------------------------------------------
    {
        "type": "PK",
        "unit": "OPPI",
        "owner": "kirjoittaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["opiskelijavalinta", "haku", "opintopolku", "opiskelijat"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Opiskelijavalintaprosessi",
                "body": """## Prosessin tarkoitus ja laajuus

Prosessi kuvaa, miten hakija hakeutuu Kainuun ammattiopiston koulutukseen ja miten opiskelijat valitaan ammatillisiin perustutkintoihin, ammattitutkintoihin ja erikoisammattitutkintoihin. Opiskelijaksi ottamisesta säädetään laissa ammatillisesta koulutuksesta (531/2017). Prosessin omistaja on opintopalvelupäällikkö.

## Hakeutumisen väylät

- **Yhteishaku**: perusopetuksen päättävät hakevat Opintopolku-palvelussa helmi–maaliskuussa. Valinnat tehdään valtakunnallisten valintaperusteiden mukaan, ja tulokset julkaistaan kesäkuussa.
- **Jatkuva haku**: muut hakijat hakevat ympäri vuoden KAO:n sähköisellä hakulomakkeella. Opinto-ohjaaja ottaa hakijaan yhteyttä viiden arkipäivän kuluessa hakemuksen saapumisesta.

## Valinnan vaiheet

1. Opintosihteeri tarkistaa hakemuksen ja kirjaa hakijan tiedot Primukseen.
2. Opinto-ohjaaja käy hakijan kanssa hakeutumiskeskustelun, jossa kartoitetaan aiempi osaaminen, tavoitteet ja tuen tarve.
3. Sosiaali- ja terveysalan sekä muiden SORA-säännösten piiriin kuuluvien tutkintojen hakijoilta pyydetään terveydentilaa koskeva selvitys.
4. Koulutuspäällikkö tekee valintapäätöksen, ja hakijalle lähetetään päätös sekä ohje opiskelupaikan vastaanottamisesta.

## Opiskelupaikan vastaanotto

Hakija vahvistaa opiskelupaikan kahden viikon kuluessa päätöksen lähettämisestä. Vastaanoton jälkeen opiskelija saa Wilma-tunnukset ja kutsun aloituspäivään. Kielteiseen valintapäätökseen liitetään aina oikaisuvaatimusohje.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-09-02",
                "effective_from": "2019-09-09",
            },
            {
                "label": "2.0",
                "title": "Opiskelijavalintaprosessi",
                "body": """## Prosessin tarkoitus ja laajuus

Prosessi kuvaa, miten hakija hakeutuu Kainuun ammattiopiston koulutukseen ja miten opiskelijat valitaan ammatillisiin perustutkintoihin, ammattitutkintoihin ja erikoisammattitutkintoihin. Opiskelijaksi ottamisesta säädetään laissa ammatillisesta koulutuksesta (531/2017) ja oppivelvollisten osalta oppivelvollisuuslaissa (1214/2020). Prosessin omistaja on opintopalvelupäällikkö.

## Hakeutumisen väylät

- **Yhteishaku**: perusopetuksen päättävät hakevat Opintopolku-palvelussa helmi–maaliskuussa. Tulokset julkaistaan kesäkuussa.
- **Jatkuva haku**: muut hakijat hakevat ympäri vuoden KAO:n sähköisellä hakulomakkeella. Opinto-ohjaaja ottaa hakijaan yhteyttä kolmen arkipäivän kuluessa hakemuksen saapumisesta.

## Valinnan vaiheet

1. Opintosihteeri tarkistaa hakemuksen ja kirjaa hakijan tiedot Primukseen.
2. Opinto-ohjaaja käy hakijan kanssa hakeutumiskeskustelun, jossa kartoitetaan aiempi osaaminen, tavoitteet ja tuen tarve. Keskustelussa sovitut asiat siirretään henkilökohtaistamisen pohjaksi.
3. SORA-säännösten piiriin kuuluvien tutkintojen hakijoilta pyydetään terveydentilaa koskeva selvitys.
4. Koulutuspäällikkö tekee valintapäätöksen kahden viikon kuluessa hakeutumiskeskustelusta.

## Oppivelvolliset hakijat

Jos oppivelvollinen hakija jää ilman opiskelupaikkaa, opinto-ohjaaja ilmoittaa asiasta hakijan kotikunnalle ja ohjaa hakijan tarvittaessa tutkintoon valmentavaan koulutukseen (TUVA). Oppivelvollisen huoltajalle lähetetään tieto valintapäätöksestä Wilman kautta.

## Opiskelupaikan vastaanotto

Hakija vahvistaa opiskelupaikan kahden viikon kuluessa. Vastaanoton jälkeen opiskelija saa Wilma-tunnukset ja kutsun aloituspäivään. Kielteiseen valintapäätökseen liitetään oikaisuvaatimusohje.""",
                "change_summary": "Jatkuvan haun yhteydenottoaika lyhennetty viidestä kolmeen arkipäivään; valintapäätökselle asetettu kahden viikon määräaika; lisätty uusi luku oppivelvollisista hakijoista (ilmoitus kotikunnalle, TUVA-ohjaus, huoltajan tiedottaminen).",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2022-01-03",
                "effective_from": "2022-01-10",
            },
        ],
    },
    {
        "type": "PK",
        "unit": "JOHTO",
        "owner": "laatu",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["palaute", "asiakaspalaute", "jatkuva parantaminen"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Palautteen käsittely",
                "body": """## Tarkoitus

Prosessi varmistaa, että opiskelijoilta, huoltajilta, työpaikoilta ja muilta sidosryhmiltä saatu palaute käsitellään yhdenmukaisesti ja että palautteen perusteella toimintaa parannetaan. Prosessin omistaja on laatuvastaava.

## Palautteen vastaanottaminen

Palautetta voi antaa Palautelomake-lomakkeella KAO:n kotisivuilla tai intranetissä, sähköpostitse, Wilman viestillä tai suullisesti. Suullisen palautteen vastaanottaja kirjaa sen itse Palautelomakkeelle, jotta palaute ei jää käsittelemättä.

## Käsittely

1. Laatuvastaava kirjaa palautteen palauterekisteriin ja ohjaa sen asianomaisen yksikön esihenkilölle kahden arkipäivän kuluessa.
2. Esihenkilö selvittää asian ja vastaa palautteen antajalle kymmenen arkipäivän kuluessa, jos palautteen antaja on jättänyt yhteystietonsa.
3. Jos palaute edellyttää korjaavaa toimenpidettä, esihenkilö kirjaa toimenpiteen, vastuuhenkilön ja aikataulun palauterekisteriin.
4. Laatuvastaava sulkee palautteen, kun vastaus on annettu ja toimenpiteet on kirjattu.

## Vastuut

Laatuvastaava vastaa palauterekisterin ylläpidosta ja käsittelyn seurannasta. Yksikön esihenkilö vastaa palautteeseen vastaamisesta ja korjaavista toimenpiteistä. Jokainen työntekijä on velvollinen ohjaamaan saamansa palautteen käsittelyyn, vaikka palaute koskisi toista yksikköä.

## Seuranta ja raportointi

Laatuvastaava kokoaa palautteista yhteenvedon lukukausittain johtoryhmälle. Yhteenvedossa esitetään palautteiden määrät aiheittain, käsittelyajat ja palautteen perusteella tehdyt parannukset. Yhteenveto julkaistaan henkilöstölle intranetissä.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2019-04-01",
                "effective_from": "2019-04-08",
            },
            {
                "label": "1.1",
                "title": "Asiakaspalautteen käsittelyprosessi",
                "body": """## Tarkoitus

Asiakaspalautteen käsittelyprosessi varmistaa, että opiskelijoilta, huoltajilta, työpaikoilta ja muilta sidosryhmiltä saatu palaute käsitellään yhdenmukaisesti ja että palautteen perusteella toimintaa parannetaan. Prosessin omistaja on laatuvastaava.

## Palautteen vastaanottaminen

Asiakaspalautetta voi antaa Palautelomake-lomakkeella KAO:n kotisivuilla tai intranetissä, sähköpostitse, Wilman viestillä tai suullisesti. Suullisen palautteen vastaanottaja kirjaa sen itse Palautelomakkeelle.

## Käsittely

1. Laatuvastaava kirjaa palautteen sähköiseen palauterekisteriin ja ohjaa sen asianomaisen yksikön esihenkilölle kahden arkipäivän kuluessa.
2. Esihenkilö selvittää asian ja vastaa palautteen antajalle kymmenen arkipäivän kuluessa, jos palautteen antaja on jättänyt yhteystietonsa.
3. Jos palaute edellyttää korjaavaa toimenpidettä, esihenkilö kirjaa toimenpiteen, vastuuhenkilön ja aikataulun palauterekisteriin.
4. Laatuvastaava sulkee palautteen, kun vastaus on annettu ja toimenpiteet on kirjattu.

## Vastuut

Laatuvastaava vastaa palauterekisterin ylläpidosta ja käsittelyn seurannasta. Yksikön esihenkilö vastaa palautteeseen vastaamisesta ja korjaavista toimenpiteistä. Jokainen työntekijä on velvollinen ohjaamaan saamansa palautteen käsittelyyn, vaikka palaute koskisi toista yksikköä.

## Seuranta ja raportointi

Laatuvastaava kokoaa asiakaspalautteista yhteenvedon lukukausittain johtoryhmälle. Yhteenvedossa esitetään palautteiden määrät aiheittain, käsittelyajat ja palautteen perusteella tehdyt parannukset. Yhteenveto julkaistaan henkilöstölle intranetissä.""",
                "change_summary": "Asiakirjan nimi muutettu muotoon Asiakaspalautteen käsittelyprosessi ja termit yhtenäistetty; palauterekisteri täsmennetty sähköiseksi. Ei muutoksia käsittelyaikoihin.",
                "author": "kirjoittaja",
                "approvers": ["laatu"],
                "approved_at": "2020-02-03",
                "effective_from": "2020-02-10",
            },
            {
                "label": "2.0",
                "title": "Asiakaspalautteen käsittelyprosessi",
                "body": """## Tarkoitus

Asiakaspalautteen käsittelyprosessi varmistaa, että opiskelijoilta, huoltajilta, työpaikoilta ja muilta sidosryhmiltä saatu palaute käsitellään yhdenmukaisesti ja nopeasti ja että palautteen perusteella toimintaa parannetaan. Prosessin omistaja on laatuvastaava.

## Palautteen vastaanottaminen

Asiakaspalautetta voi antaa Palautelomake-lomakkeella KAO:n kotisivuilla, Wilman viestillä, sähköpostitse tai suullisesti. Suullisen palautteen vastaanottaja kirjaa sen Palautelomakkeelle samana päivänä.

## Käsittely

1. Laatuvastaava kirjaa palautteen palauterekisteriin ja ohjaa sen yksikön esihenkilölle seuraavana arkipäivänä.
2. Esihenkilö vastaa palautteen antajalle viiden arkipäivän kuluessa. Jos asian selvittäminen vie pidempään, antajalle lähetetään väliaikainen vastaus ja arvio käsittelyajasta.
3. Korjaavat toimenpiteet, vastuuhenkilö ja aikataulu kirjataan palauterekisteriin.
4. Laatuvastaava sulkee palautteen, kun vastaus on annettu ja toimenpiteet on kirjattu.

## Nimetön palaute

Palautelomakkeella voi antaa palautetta myös nimettömänä. Nimetön palaute käsitellään samoin kuin muukin palaute, mutta siihen ei vastata henkilökohtaisesti. Merkittävistä nimettömistä palautteista tiedotetaan Wilman yleisellä tiedotteella.

## Valitukset ja oikaisuvaatimukset

Arvioinnin oikaisupyynnöt ja opiskelijavalintaa koskevat oikaisuvaatimukset eivät ole asiakaspalautetta, vaan ne käsitellään lain ammatillisesta koulutuksesta (531/2017) mukaisessa menettelyssä. Laatuvastaava ohjaa tällaiset viestit opintopalveluihin.

## Vastuut

Laatuvastaava vastaa palauterekisterin ylläpidosta ja käsittelyn seurannasta. Yksikön esihenkilö vastaa palautteeseen vastaamisesta ja korjaavista toimenpiteistä. Jokainen työntekijä on velvollinen ohjaamaan saamansa palautteen käsittelyyn, vaikka palaute koskisi toista yksikköä.

## Seuranta ja raportointi

Laatuvastaava kokoaa asiakaspalautteista yhteenvedon neljännesvuosittain johtoryhmälle, ja yhteenvedon tunnusluvut viedään toiminnan ohjauksen mittaristoon.""",
                "change_summary": "Vastausaika lyhennetty kymmenestä viiteen arkipäivään ja lisätty väliaikainen vastaus; lisätty uudet luvut nimettömästä palautteesta sekä valitusten ja oikaisuvaatimusten erottamisesta; raportointi muutettu lukukausittaisesta neljännesvuosittaiseksi.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2023-05-08",
                "effective_from": "2023-05-15",
            },
        ],
    },
    {
        "type": "PK",
        "unit": "JOHTO",
        "owner": "laatu",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["auditointi", "sisäinen auditointi", "laadunhallinta"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Sisäisen auditoinnin prosessi",
                "body": """## Tarkoitus

Sisäisellä auditoinnilla varmistetaan, että toimintaa toteutetaan toimintakäsikirjan, prosessikuvausten ja toimintaohjeiden mukaisesti ja että asiakirjat ovat ajan tasalla. Auditointi on yhteinen oppimistilanne, ei henkilöihin kohdistuva tarkastus.

## Auditointiohjelma

Laatuvastaava laatii lukuvuoden auditointiohjelman elokuussa, ja rehtori hyväksyy sen. Jokainen yksikkö auditoidaan vähintään kerran kolmessa vuodessa. Lisäksi auditoidaan kohteita, joista on saatu toistuvasti kielteistä palautetta tai joissa on havaittu poikkeamia.

## Auditoijat

Sisäisinä auditoijina toimii koulutettuja henkilöstön jäseniä eri yksiköistä. Auditoija ei auditoi omaa yksikköään eikä omia työtehtäviään, jotta arvio pysyy puolueettomana.

## Auditoinnin vaiheet

1. **Valmistelu**: auditoijapari, jossa on kaksi koulutettua sisäistä auditoijaa eri yksiköistä, sopii ajankohdan auditoitavan yksikön kanssa vähintään kolme viikkoa etukäteen ja pyytää tarvittavat asiakirjat.
2. **Toteutus**: auditointi sisältää haastatteluja, havainnointia ja asiakirjojen tarkastelua. Kesto on yleensä puoli työpäivää.
3. **Raportointi**: auditoijat laativat auditointiraportin kahden viikon kuluessa. Havainnot luokitellaan vahvuuksiksi, kehittämiskohteiksi ja poikkeamiksi.
4. **Korjaavat toimenpiteet**: auditoidun yksikön esihenkilö laatii poikkeamista toimenpidesuunnitelman kuukauden kuluessa raportin saamisesta.

## Seuranta

Laatuvastaava seuraa korjaavien toimenpiteiden toteutumista ja raportoi niistä johtoryhmälle. Yhteenveto lukuvuoden auditoinneista käsitellään johdon katselmuksessa.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2019-10-07",
                "effective_from": "2019-10-14",
            },
            {
                "label": "2.0",
                "title": "Sisäisen auditoinnin prosessi",
                "body": """## Tarkoitus

Sisäisellä auditoinnilla varmistetaan, että toimintaa toteutetaan toimintakäsikirjan, prosessikuvausten ja toimintaohjeiden mukaisesti ja että asiakirjat ovat ajan tasalla. Auditointi on yhteinen oppimistilanne, ei henkilöihin kohdistuva tarkastus.

## Auditointiohjelma

Laatuvastaava laatii auditointiohjelman kahdeksi lukuvuodeksi kerrallaan, ja rehtori hyväksyy sen. Jokainen yksikkö auditoidaan vähintään kerran kahdessa vuodessa. Lisäksi auditoidaan kohteita, joista on saatu toistuvasti kielteistä palautetta tai joissa on havaittu poikkeamia.

## Auditoijat

Sisäisiksi auditoijiksi koulutetaan vuosittain vähintään neljä uutta henkilöstön jäsentä. Auditoijakoulutus kestää kaksi päivää ja sisältää harjoitusauditoinnin. Opiskelijakunnan edustaja voi osallistua auditointiin havainnoijana.

## Auditoinnin vaiheet

1. **Valmistelu**: auditoijapari sopii ajankohdan auditoitavan yksikön kanssa vähintään kolme viikkoa etukäteen ja pyytää tarvittavat asiakirjat.
2. **Toteutus**: haastattelut, havainnointi ja asiakirjojen tarkastelu. Auditointi voidaan toteuttaa etäauditointina Teamsissa, jos kohde ei edellytä paikan päällä tehtävää havainnointia.
3. **Raportointi**: auditointiraportti valmistuu kahden viikon kuluessa. Havainnot luokitellaan vahvuuksiksi, kehittämiskohteiksi ja poikkeamiksi.
4. **Korjaavat toimenpiteet**: yksikön esihenkilö laatii poikkeamista toimenpidesuunnitelman kolmen viikon kuluessa.

## Seuranta

Laatuvastaava seuraa korjaavien toimenpiteiden toteutumista ja raportoi johtoryhmälle. Yhteenveto auditoinneista käsitellään johdon katselmuksessa.""",
                "change_summary": "Auditointiohjelma laaditaan kahdeksi lukuvuodeksi ja auditointiväli lyhennetty kolmesta kahteen vuoteen; lisätty luku auditoijien koulutuksesta ja opiskelijoiden osallistumisesta; etäauditointi sallittu; toimenpidesuunnitelman määräaika lyhennetty kolmeen viikkoon.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2022-10-03",
                "effective_from": "2022-10-10",
            },
        ],
    },
    {
        "type": "PK",
        "unit": "TUKI",
        "owner": "kirjoittaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["perehdytys", "henkilöstö", "työsuojelu"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Henkilöstön perehdyttämisprosessi",
                "body": """## Tarkoitus

Perehdyttämisellä varmistetaan, että uusi työntekijä tuntee työtehtävänsä, työyhteisönsä ja toimintajärjestelmän sekä osaa tehdä työnsä turvallisesti. Työturvallisuuslaki (738/2002) velvoittaa työnantajan antamaan työntekijälle riittävän opetuksen ja ohjauksen. Prosessia sovelletaan myös pitkään poissa olleisiin ja tehtävää vaihtaviin työntekijöihin.

## Vastuut

- Esihenkilö vastaa perehdytyksen suunnittelusta ja toteutumisesta.
- Esihenkilö nimeää perehdyttäjäksi kokeneen työtoverin.
- Henkilöstösihteeri huolehtii työsopimuksesta, käyttäjätunnuksista ja kulkuoikeuksista.
- Työsuojelupäällikkö järjestää työturvallisuusperehdytyksen.

## Perehdyttäjän tehtävät

Perehdyttäjä on uuden työntekijän tukena ensimmäisten viikkojen ajan. Hän esittelee työtilat ja työtoverit, neuvoo käytännön asioissa ja käy tarkistuslistan kohdat läpi yhdessä perehdytettävän kanssa. Esihenkilö varaa perehdyttäjälle tehtävään työaikaa työaikasuunnitelmassa.

## Perehdytyksen vaiheet

1. **Ennen ensimmäistä työpäivää**: käyttäjätunnukset (sähköposti, Wilma, Primus), työpiste, avaimet ja kulkukortti.
2. **Ensimmäinen työviikko**: organisaatio, toimintakäsikirja, turvallisuus (poistumistiet, ensiapu, kriisitilanteet) ja omat työtehtävät.
3. **Ensimmäinen kuukausi**: opiskelijahallinto, tietosuoja ja henkilötietojen käsittely, laatujärjestelmän asiakirjat ja palautteen käsittely.
4. **Koeajan lopussa**: esihenkilö ja työntekijä käyvät perehdytyskeskustelun, jossa arvioidaan perehdytyksen riittävyys.

## Dokumentointi

Perehdytyksen eteneminen kirjataan perehdytyksen tarkistuslistaan, jonka esihenkilö ja perehdytettävä allekirjoittavat. Allekirjoitettu tarkistuslista toimitetaan henkilöstösihteerille henkilöstökansioon.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2020-08-03",
                "effective_from": "2020-08-10",
            },
            {
                "label": "2.0",
                "title": "Henkilöstön perehdyttämisprosessi",
                "body": """## Tarkoitus

Perehdyttämisellä varmistetaan, että uusi työntekijä tuntee työtehtävänsä, työyhteisönsä ja toimintajärjestelmän sekä osaa tehdä työnsä turvallisesti. Työturvallisuuslaki (738/2002) velvoittaa työnantajan antamaan työntekijälle riittävän opetuksen ja ohjauksen. Prosessia sovelletaan myös pitkään poissa olleisiin ja tehtävää vaihtaviin työntekijöihin.

## Vastuut

- Esihenkilö vastaa perehdytyksen suunnittelusta ja toteutumisesta ja nimeää perehdyttäjän.
- Henkilöstösihteeri huolehtii työsopimuksesta, käyttäjätunnuksista ja kulkuoikeuksista.
- Työsuojelupäällikkö järjestää työturvallisuusperehdytyksen.
- Uudelle opettajalle nimetään lisäksi mentori ensimmäiseksi lukuvuodeksi.

## Perehdyttäjän tehtävät

Perehdyttäjä on uuden työntekijän tukena ensimmäisten viikkojen ajan. Hän esittelee työtilat ja työtoverit, neuvoo käytännön asioissa ja käy tarkistuslistan kohdat läpi yhdessä perehdytettävän kanssa. Esihenkilö varaa perehdyttäjälle tehtävään työaikaa työaikasuunnitelmassa.

## Perehdytyksen vaiheet

1. **Ennen ensimmäistä työpäivää**: käyttäjätunnukset, monivaiheinen tunnistautuminen, työpiste ja kulkukortti.
2. **Ensimmäinen työviikko**: organisaatio, toimintakäsikirja, turvallisuus (poistumistiet, ensiapu, kriisitilanteet) ja omat työtehtävät.
3. **Kahden viikon kuluessa**: tietosuojan ja tietoturvan verkkokurssi suoritettuna; todistus tallennetaan henkilöstöhallinnon järjestelmään.
4. **Ensimmäinen kuukausi**: Wilma ja Primus, HOKS-prosessi, laatujärjestelmän asiakirjat Lamppu-rekisterissä.
5. **Koeajan lopussa**: perehdytyskeskustelu esihenkilön kanssa.

## Dokumentointi ja palaute

Perehdytyksen tarkistuslista täytetään sähköisesti henkilöstöhallinnon järjestelmässä, eikä paperista lomaketta enää käytetä. Kolmen kuukauden kuluttua aloituksesta työntekijä vastaa perehdytyskyselyyn, jonka tulokset henkilöstöpäällikkö raportoi johtoryhmälle kerran vuodessa.""",
                "change_summary": "Tarkistuslista siirretty sähköiseksi henkilöstöhallinnon järjestelmään; lisätty tietosuojan ja tietoturvan verkkokurssi kahden viikon määräajalla, mentorointi uusille opettajille ja perehdytyskysely kolmen kuukauden kohdalla.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2024-08-05",
                "effective_from": "2024-08-12",
            },
        ],
    },
    {
        "type": "PK",
        "unit": "TUKI",
        "owner": "kirjoittaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["hankinnat", "kilpailutus", "talous"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Hankintaprosessi",
                "body": """## Tarkoitus ja soveltaminen

Prosessi kuvaa, miten Kainuun ammattiopisto hankkii tavaroita, palveluja ja urakoita. Hankinnoissa noudatetaan lakia julkisista hankinnoista ja käyttöoikeussopimuksista (1397/2016), koulutuksen järjestäjän hankintaohjetta ja hyväksyttyä talousarviota. Prosessin omistaja on talouspäällikkö.

## Hankintarajat

- **Pienhankinnat alle 10 000 euroa** (alv 0 %): vapaamuotoinen menettely, hintavertailu on suositeltavaa. Päätöksen tekee koulutuspäällikkö tai yksikön esihenkilö budjetin rajoissa.
- **10 000 eurosta kansalliseen kynnysarvoon** (tavarat ja palvelut 60 000 euroa): pyydetään vähintään kolme kirjallista tarjousta. Hankintapäätöksen tekee talouspäällikkö.
- **Kansallisen kynnysarvon ylittävät hankinnat**: kilpailutus julkaistaan HILMA-palvelussa. Hankinta-asiantuntija valmistelee ja rehtori tekee hankintapäätöksen.

Hankintaa ei saa pilkkoa osiin hankintarajojen alittamiseksi, vaan hankinnan arvo lasketaan koko sopimuskauden ajalta mahdolliset optiot mukaan lukien.

## Prosessin vaiheet

1. Tarpeen määrittely ja määrärahan tarkistus.
2. Hankintamenettelyn valinta hankintarajojen mukaan.
3. Tarjouspyyntö, tarjousten vertailu ja hankintapäätös.
4. Hankintasopimus ja tilaus.
5. Vastaanottotarkastus ja laskun asiatarkastus.

## Esteellisyys ja dokumentointi

Hankintaa valmisteleva tai siitä päättävä henkilö ei saa olla esteellinen. Tarjouspyynnöt, tarjoukset, vertailutaulukko ja hankintapäätös arkistoidaan asiakirjojen arkistointia koskevan toimintaohjeen mukaisesti. Tarjousten avaamisesta laaditaan pöytäkirja, kun tarjouksia on pyydetty kirjallisesti.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-06-03",
                "effective_from": "2019-06-10",
            },
            {
                "label": "2.0",
                "title": "Hankintaprosessi",
                "body": """## Tarkoitus ja soveltaminen

Prosessi kuvaa, miten Kainuun ammattiopisto hankkii tavaroita, palveluja ja urakoita. Hankinnoissa noudatetaan lakia julkisista hankinnoista ja käyttöoikeussopimuksista (1397/2016), koulutuksen järjestäjän hankintaohjetta ja hyväksyttyä talousarviota. Prosessin omistaja on talouspäällikkö.

## Puitesopimukset ensin

Ennen omaa kilpailutusta tarkistetaan aina, voidaanko tarve hoitaa voimassa olevalla puitesopimuksella (esimerkiksi KL-Kuntahankintojen tai Hanselin sopimukset). Puitesopimusluettelo on hankintapalvelujen intranet-sivulla.

## Hankintarajat

- **Pienhankinnat alle 20 000 euroa** (alv 0 %): vapaamuotoinen menettely, vähintään kahden toimittajan hintavertailu. Päätöksen tekee yksikön esihenkilö budjetin rajoissa.
- **20 000 eurosta kansalliseen kynnysarvoon**: kilpailutus tehdään Cloudia-kilpailutusjärjestelmässä, ja tarjouksia pyydetään vähintään kolmelta toimittajalta. Päätöksen tekee talouspäällikkö.
- **Kansallisen kynnysarvon ylittävät hankinnat**: ilmoitus HILMA-palvelussa; rehtori tekee hankintapäätöksen.

Hankintaa ei saa pilkkoa osiin hankintarajojen alittamiseksi, vaan hankinnan arvo lasketaan koko sopimuskauden ajalta mahdolliset optiot mukaan lukien.

## Prosessin vaiheet

1. Tarpeen määrittely, määrärahan tarkistus ja puitesopimusten tarkistus.
2. Hankintamenettelyn valinta.
3. Tarjouspyyntö, tarjousten vertailu ja hankintapäätös.
4. Hankintasopimus, tilaus ja vastaanottotarkastus.

## Vastuullisuus

Yli 20 000 euron hankinnoissa tarjouspyyntöön sisällytetään vähintään yksi ympäristö- tai vastuullisuuskriteeri, kuten energiatehokkuus, huollettavuus tai tuotteen elinkaari.

## Esteellisyys ja dokumentointi

Hankintaa valmisteleva tai siitä päättävä henkilö ei saa olla esteellinen. Hankinta-asiakirjat tallennetaan Cloudiaan ja arkistoidaan tiedonohjaussuunnitelman mukaisesti.""",
                "change_summary": "Pienhankintaraja nostettu 10 000 eurosta 20 000 euroon; kilpailutukset siirretty Cloudia-järjestelmään; lisätty uudet luvut puitesopimusten ensisijaisuudesta ja vastuullisuuskriteereistä.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2023-02-06",
                "effective_from": "2023-02-13",
            },
        ],
    },
    # ------------------------------------------------------------------
    # TO: operating instructions
    # ------------------------------------------------------------------
    {
        "type": "TO",
        "unit": "OPPI",
        "owner": "kirjoittaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["poissaolot", "opiskelijat", "wilma", "oppivelvollisuus"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Opiskelijan poissaolojen käsittely",
                "body": """## Tarkoitus

Ohje yhtenäistää opiskelijoiden poissaolojen kirjaamisen, seurannan ja niihin puuttumisen. Poissaoloihin puututaan varhain, koska runsaat selvittämättömät poissaolot ennakoivat usein opintojen keskeyttämistä.

## Poissaolojen kirjaaminen

- Opettaja merkitsee poissaolot Wilmaan saman päivän aikana. Työpaikalla järjestettävässä koulutuksessa työpaikkaohjaaja ilmoittaa poissaolosta opettajalle, joka tekee merkinnän.
- Sairastuessaan opiskelija ilmoittaa poissaolosta ryhmänohjaajalle Wilman viestillä ennen opetuksen alkua. Alaikäisen opiskelijan puolesta ilmoituksen tekee huoltaja.
- Ennalta tiedossa olevasta poissaolosta opiskelija täyttää Poissaoloilmoitus-lomakkeen vähintään viisi arkipäivää ennen poissaoloa.

## Poissaololuvat

Ryhmänohjaaja voi myöntää luvan enintään kolmen päivän poissaoloon. Pidemmistä poissaoloista päättää koulutuspäällikkö. Lupa kirjataan Wilmaan, ja hyväksytty Poissaoloilmoitus säilytetään lukuvuoden ajan.

## Seuranta ja puuttuminen

1. Ryhmänohjaaja tarkistaa ryhmänsä poissaolot Wilmasta viikoittain.
2. Jos selvittämättömiä poissaoloja kertyy yli 10 tuntia kuukauden aikana, ryhmänohjaaja ottaa yhteyttä opiskelijaan ja alaikäisen opiskelijan huoltajaan.
3. Jos poissaolot jatkuvat, ryhmänohjaaja ohjaa opiskelijan opinto-ohjaajalle tai kuraattorille, ja tilanne käsitellään tarvittaessa opiskeluhuoltoryhmässä.
4. Opiskelija, joka ei ole osallistunut opetukseen eikä ilmoittanut poissaolostaan, voidaan katsoa eronneeksi lain ammatillisesta koulutuksesta (531/2017) mukaisesti. Opiskelijaa kuullaan ennen päätöstä.

## Kirjaukset

Yhteydenotot ja sovitut tukitoimet kirjataan Wilmaan. Eroamista koskeva päätös kirjataan Primukseen.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-08-02",
                "effective_from": "2019-08-09",
            },
            {
                "label": "2.0",
                "title": "Opiskelijoiden poissaolojen käsittely",
                "body": """## Tarkoitus

Ohje yhtenäistää opiskelijoiden poissaolojen kirjaamisen, seurannan ja niihin puuttumisen. Poissaoloihin puututaan varhain, koska runsaat selvittämättömät poissaolot ennakoivat usein opintojen keskeyttämistä.

## Poissaolojen kirjaaminen

- Opettaja merkitsee poissaolot Wilmaan saman päivän aikana. Työpaikalla järjestettävässä koulutuksessa työpaikkaohjaaja ilmoittaa poissaolosta opettajalle, joka tekee merkinnän.
- Sairastuessaan opiskelija ilmoittaa poissaolosta ryhmänohjaajalle Wilman viestillä ennen opetuksen alkua. Alaikäisen opiskelijan puolesta ilmoituksen tekee huoltaja.
- Ennalta tiedossa olevasta poissaolosta opiskelija täyttää Poissaoloilmoitus-lomakkeen vähintään kolme arkipäivää ennen poissaoloa.

## Poissaololuvat

Ryhmänohjaaja voi myöntää luvan enintään kolmen päivän poissaoloon. Pidemmistä poissaoloista päättää koulutuspäällikkö.

## Seuranta ja puuttuminen

1. Ryhmänohjaaja tarkistaa ryhmänsä poissaolot Wilmasta viikoittain.
2. Jos selvittämättömiä poissaoloja kertyy yli 10 tuntia kuukauden aikana, ryhmänohjaaja ottaa yhteyttä opiskelijaan ja alaikäisen huoltajaan.
3. Jos poissaolot jatkuvat, opiskelija ohjataan opinto-ohjaajalle tai kuraattorille ja tilanne käsitellään tarvittaessa opiskeluhuoltoryhmässä.

## Oppivelvolliset opiskelijat

Oppivelvollisuuslaki (1214/2020) velvoittaa koulutuksen järjestäjän valvomaan oppivelvollisen opintojen edistymistä. Jos oppivelvollinen on poissa ilman hyväksyttävää syytä kolmena peräkkäisenä päivänä, ryhmänohjaaja ottaa välittömästi yhteyttä opiskelijaan ja huoltajaan. Oppivelvollista ei katsota eronneeksi ennen kuin opinto-ohjaaja on selvittänyt tilanteen ja tarjonnut tukea. Jos oppivelvollinen katsotaan eronneeksi, opintopalvelut ilmoittaa siitä viipymättä oppivelvollisen kotikunnalle.

## Eronneeksi katsominen

Muun opiskelijan, joka ei ole osallistunut opetukseen eikä ilmoittanut poissaolostaan, voidaan katsoa eronneen lain ammatillisesta koulutuksesta (531/2017) mukaisesti. Opiskelijaa kuullaan ennen päätöstä, ja päätös kirjataan Primukseen.""",
                "change_summary": "Lisätty uusi luku oppivelvollisista opiskelijoista (oppivelvollisuuslaki 1214/2020): yhteydenotto kolmen poissaolopäivän jälkeen ja ilmoitus kotikunnalle. Poissaoloilmoituksen määräaika lyhennetty viidestä kolmeen arkipäivään. Eronneeksi katsominen erotettu omaksi luvukseen.",
                "author": "kirjoittaja",
                "approvers": ["laatu", "rehtori"],
                "approved_at": "2021-07-26",
                "effective_from": "2021-08-02",
            },
            {
                "label": "2.1",
                "title": "Opiskelijoiden poissaolojen käsittely",
                "body": """## Tarkoitus

Ohje yhtenäistää opiskelijoiden poissaolojen kirjaamisen, seurannan ja niihin puuttumisen. Poissaoloihin puututaan varhain, koska runsaat selvittämättömät poissaolot ennakoivat usein opintojen keskeyttämistä.

## Poissaolojen kirjaaminen

- Opettaja merkitsee poissaolot Wilmaan saman päivän aikana, viimeistään kello 16. Työpaikalla järjestettävässä koulutuksessa työpaikkaohjaaja ilmoittaa poissaolosta opettajalle, joka tekee merkinnän.
- Sairastuessaan opiskelija ilmoittaa poissaolosta ryhmänohjaajalle Wilman viestillä ennen opetuksen alkua. Alaikäisen opiskelijan puolesta ilmoituksen tekee huoltaja.
- Ennalta tiedossa olevasta poissaolosta opiskelija jättää Poissaoloilmoitus-lomakkeen Wilman lomakkeena vähintään kolme arkipäivää ennen poissaoloa.

## Poissaololuvat

Ryhmänohjaaja voi myöntää luvan enintään kolmen päivän poissaoloon. Pidemmistä poissaoloista päättää koulutuspäällikkö.

## Seuranta ja puuttuminen

1. Ryhmänohjaaja tarkistaa ryhmänsä poissaolot Wilmasta viikoittain.
2. Jos selvittämättömiä poissaoloja kertyy yli 10 tuntia kuukauden aikana, ryhmänohjaaja ottaa yhteyttä opiskelijaan ja alaikäisen huoltajaan.
3. Jos poissaolot jatkuvat, opiskelija ohjataan opinto-ohjaajalle tai kuraattorille. Opiskeluhuollon yhteystiedot löytyvät Wilman opiskeluhuollon sivulta.

## Oppivelvolliset opiskelijat

Koulutuksen järjestäjä valvoo oppivelvollisen opintojen edistymistä oppivelvollisuuslain (1214/2020) mukaisesti. Jos oppivelvollinen on poissa ilman hyväksyttävää syytä kolmena peräkkäisenä päivänä, ryhmänohjaaja ottaa välittömästi yhteyttä opiskelijaan ja huoltajaan. Oppivelvollista ei katsota eronneeksi ennen kuin opinto-ohjaaja on selvittänyt tilanteen ja tarjonnut tukea. Eroamisesta ilmoitetaan viipymättä kotikunnalle.

## Eronneeksi katsominen

Muun opiskelijan, joka ei ole osallistunut opetukseen eikä ilmoittanut poissaolostaan, voidaan katsoa eronneen lain ammatillisesta koulutuksesta (531/2017) mukaisesti. Opiskelijaa kuullaan ennen päätöstä, ja päätös kirjataan Primukseen.""",
                "change_summary": "Tarkennuksia: poissaolot merkitään Wilmaan viimeistään kello 16; Poissaoloilmoitus jätetään Wilman lomakkeena; opiskeluhuollon yhteystiedot korvattu viittauksella Wilman opiskeluhuollon sivuun.",
                "author": "kirjoittaja",
                "approvers": ["laatu"],
                "approved_at": "2024-08-05",
                "effective_from": "2024-08-12",
            },
        ],
    },
    {
        "type": "TO",
        "unit": "JOHTO",
        "owner": "laatu",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["toimintaohjerekisteri", "asiakirjahallinta", "laatujärjestelmä"],
        "goals": ["T5"],
        "versions": [
            {
                "label": "1.0",
                "title": "Toimintaohjerekisterin ylläpito",
                "body": """## Tarkoitus

Toimintaohjerekisteri on luettelo kaikista Kainuun ammattiopiston voimassa olevista laatujärjestelmän asiakirjoista: prosessikuvauksista, toimintaohjeista, työohjeista ja lomakkeista. Rekisteri otettiin käyttöön vuonna 2012 laatustrategian päivityksen yhteydessä. Sen avulla jokainen työntekijä löytää voimassa olevan ohjeen ja tietää, kuka ohjeesta vastaa.

## Rekisteriin kirjattavat tiedot

Kustakin asiakirjasta kirjataan tunnus (esimerkiksi TO-014), nimi, asiakirjatyyppi, yksikkö, omistaja, versionumero, hyväksyjä, hyväksymispäivä, voimaantulopäivä ja seuraava tarkistuspäivä. Rekisteriä ylläpidetään Excel-taulukkona intranetin laatukansiossa, ja asiakirjat tallennetaan PDF-muodossa samaan kansioon.

## Vastuut

Laatuvastaava vastaa rekisterin ylläpidosta ja ajantasaisuudesta. Asiakirjan omistaja vastaa asiakirjan sisällöstä ja sen säännöllisestä tarkistamisesta. Yksiköiden esihenkilöt huolehtivat siitä, että henkilöstö käyttää vain rekisterissä olevia voimassa olevia versioita.

## Uuden asiakirjan tai version lisääminen

1. Asiakirjan omistaja laatii luonnoksen asiakirjapohjalle ja lähettää sen laatuvastaavalle.
2. Laatuvastaava tarkistaa asiakirjan muodon ja mahdolliset päällekkäisyydet muiden ohjeiden kanssa.
3. Rehtori tai hänen valtuuttamansa esihenkilö hyväksyy asiakirjan.
4. Laatuvastaava päivittää rekisterin ja siirtää korvatun version arkistokansioon viiden arkipäivän kuluessa hyväksymisestä.

## Säännöllinen tarkistus

Omistaja tarkistaa asiakirjan ajantasaisuuden vähintään kolmen vuoden välein. Laatuvastaava lähettää omistajille muistutuksen tarkistettavista asiakirjoista lukuvuoden alussa. Jos asiakirja todetaan tarpeettomaksi, se poistetaan rekisteristä ja siirretään arkistokansioon.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2019-03-04",
                "effective_from": "2019-03-11",
            },
            {
                "label": "1.1",
                "title": "Toimintaohjerekisterin ylläpito",
                "body": """## Tarkoitus

Toimintaohjerekisteri on luettelo kaikista Kainuun ammattiopiston voimassa olevista laatujärjestelmän asiakirjoista: prosessikuvauksista, toimintaohjeista, työohjeista ja lomakkeista. Rekisteri otettiin käyttöön vuonna 2012 laatustrategian päivityksen yhteydessä. Sen avulla jokainen työntekijä löytää voimassa olevan ohjeen ja tietää, kuka ohjeesta vastaa.

## Rekisteriin kirjattavat tiedot

Kustakin asiakirjasta kirjataan tunnus (tyyppi ja juokseva numero, esimerkiksi TO-014 tai LO-003), nimi, asiakirjatyyppi, yksikkö, omistaja, versionumero, hyväksyjä, hyväksymispäivä, voimaantulopäivä ja seuraava tarkistuspäivä. Rekisteriä ylläpidetään Excel-taulukkona intranetin laatukansiossa, ja asiakirjat tallennetaan PDF-muodossa samaan kansioon.

## Versionumerointi

Pieni, lähinnä kielellinen tai tekninen korjaus kasvattaa versionumeron desimaalia (1.0 → 1.1). Sisällöllinen muutos, kuten uusi vastuu, määräaika tai menettelytapa, kasvattaa kokonaislukua (1.1 → 2.0).

## Vastuut

Laatuvastaava vastaa rekisterin ylläpidosta ja ajantasaisuudesta. Asiakirjan omistaja vastaa asiakirjan sisällöstä ja sen säännöllisestä tarkistamisesta. Yksiköiden esihenkilöt huolehtivat siitä, että henkilöstö käyttää vain rekisterissä olevia voimassa olevia versioita.

## Uuden asiakirjan tai version lisääminen

1. Asiakirjan omistaja laatii luonnoksen asiakirjapohjalle ja lähettää sen laatuvastaavalle.
2. Laatuvastaava tarkistaa asiakirjan muodon ja mahdolliset päällekkäisyydet muiden ohjeiden kanssa.
3. Rehtori tai hänen valtuuttamansa esihenkilö hyväksyy asiakirjan.
4. Laatuvastaava päivittää rekisterin ja siirtää korvatun version arkistokansioon viiden arkipäivän kuluessa hyväksymisestä.

## Säännöllinen tarkistus

Omistaja tarkistaa asiakirjan ajantasaisuuden vähintään kolmen vuoden välein. Laatuvastaava lähettää omistajille muistutuksen lukuvuoden alussa.""",
                "change_summary": "Korjattu asiakirjatunnusten esimerkit ja lisätty lyhyt luku versionumeroinnista (pieni korjaus x.1, sisällöllinen muutos x.0).",
                "author": "kirjoittaja",
                "approvers": ["laatu"],
                "approved_at": "2020-01-13",
                "effective_from": "2020-01-20",
            },
            {
                "label": "2.0",
                "title": "Toimintaohjerekisterin ylläpito",
                "body": """## Tarkoitus

Toimintaohjerekisteri kokoaa kaikki Kainuun ammattiopiston voimassa olevat laatujärjestelmän asiakirjat. Vuodesta 2023 alkaen rekisteri on sähköinen Lamppu-asiakirjarekisteri, joka korvaa aiemman Excel-taulukon ja intranetin laatukansion. Vanhat PDF-tiedostot on siirretty Lamppuun versiohistorioineen.

## Asiakirjan tiedot

Lamppu tallentaa kustakin asiakirjasta tyypin, yksikön, omistajan, asiasanat, versiohistorian, hyväksyjät, voimaantulopäivän ja seuraavan tarkistuspäivän. Asiakirja voidaan lisäksi liittää niihin toimintasuunnitelman tavoitteisiin, joita se tukee.

## Näkyvyys

- **Julkinen**: näkyy myös kotisivujen kautta (esimerkiksi laatustrategia ja palautelomake).
- **Sisäinen**: näkyy koko henkilöstölle.
- **Rajattu**: näkyy vain asiakirjaan määritellyille yksiköille, esimerkiksi kriisitilanteiden toimintaohje.

## Vastuut

Laatuvastaava vastaa rekisterin ylläpidosta ja toimii Lampun pääkäyttäjänä. Asiakirjan omistaja vastaa asiakirjan sisällöstä ja sen säännöllisestä tarkistamisesta. Esihenkilöt huolehtivat siitä, että henkilöstö käyttää vain voimassa olevia versioita eikä säilytä ohjeista omia tulosteita tai kopioita.

## Uuden version laatiminen ja hyväksyminen

1. Omistaja tai hänen nimeämänsä kirjoittaja avaa Lamppuun uuden luonnoksen ja kirjoittaa muutosten tiivistelmän.
2. Luonnos lähetetään hyväksyttäväksi. Laatija ei voi hyväksyä omaa versiotaan.
3. Hyväksyjä hyväksyy version tai palauttaa sen korjattavaksi perusteluineen.
4. Hyväksytty versio julkaistaan voimaantulopäivänä, ja edellinen versio jää versiohistoriaan.

## Säännöllinen tarkistus

Omistaja tarkistaa asiakirjan vähintään kolmen vuoden välein. Lamppu lähettää muistutuksen, kun tarkistuspäivä lähestyy.""",
                "change_summary": "Rekisteri siirretty Excel-taulukosta sähköiseen Lamppu-asiakirjarekisteriin; hyväksyntä tehdään järjestelmässä eikä laatija voi hyväksyä omaa versiotaan; lisätty luvut näkyvyystasoista ja asiakirjojen liittämisestä tavoitteisiin.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2023-01-09",
                "effective_from": "2023-01-16",
            },
            {
                "label": "2.1",
                "title": "Toimintaohjerekisterin ylläpito",
                "body": """## Tarkoitus

Toimintaohjerekisteri kokoaa kaikki Kainuun ammattiopiston voimassa olevat laatujärjestelmän asiakirjat. Rekisterinä toimii sähköinen Lamppu-asiakirjarekisteri, joka korvasi vuonna 2023 aiemman Excel-taulukon ja intranetin laatukansion.

## Asiakirjan tiedot

Lamppu tallentaa kustakin asiakirjasta tyypin, yksikön, omistajan, asiasanat, versiohistorian, hyväksyjät, voimaantulopäivän ja seuraavan tarkistuspäivän. Asiakirja voidaan liittää niihin tavoitteisiin, joita se tukee.

## Näkyvyys

- **Julkinen**: näkyy myös kotisivujen kautta.
- **Sisäinen**: näkyy koko henkilöstölle.
- **Rajattu**: näkyy vain asiakirjaan määritellyille yksiköille.

## Vastuut

Laatuvastaava vastaa rekisterin ylläpidosta ja toimii Lampun pääkäyttäjänä. Asiakirjan omistaja vastaa asiakirjan sisällöstä ja sen säännöllisestä tarkistamisesta. Esihenkilöt huolehtivat siitä, että henkilöstö käyttää vain voimassa olevia versioita eikä säilytä ohjeista omia tulosteita tai kopioita.

## Uuden version laatiminen ja hyväksyminen

1. Omistaja tai hänen nimeämänsä kirjoittaja avaa Lamppuun uuden luonnoksen ja kirjoittaa muutosten tiivistelmän.
2. Luonnos lähetetään hyväksyttäväksi. Laatija ei voi hyväksyä omaa versiotaan.
3. Hyväksyjä hyväksyy version tai palauttaa sen korjattavaksi perusteluineen.
4. Hyväksytty versio julkaistaan voimaantulopäivänä, ja edellinen versio jää versiohistoriaan.

## Säännöllinen tarkistus

Omistaja tarkistaa asiakirjan vähintään kahden vuoden välein. Lamppu lähettää omistajalle muistutuksen 30 päivää ennen tarkistuspäivää, ja laatuvastaava käy myöhässä olevat tarkistukset läpi johtoryhmän kanssa neljännesvuosittain.

## Asiakirjan poistaminen käytöstä

Tarpeettomaksi käynyt tai uudella ohjeella korvattu asiakirja merkitään poistetuksi käytöstä. Poistamisen syy kirjataan, ja asiakirja näkyy versiohistorioineen edelleen haussa poistetuksi merkittynä.""",
                "change_summary": "Tarkistusväli lyhennetty kolmesta kahteen vuoteen; lisätty muistutus 30 päivää ennen tarkistuspäivää ja myöhässä olevien tarkistusten käsittely johtoryhmässä; lisätty luku asiakirjan poistamisesta käytöstä.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2025-09-01",
                "effective_from": "2025-09-08",
            },
        ],
    },
    {
        "type": "TO",
        "unit": "JOHTO",
        "owner": "rehtori",
        "visibility": "restricted",
        "audience_units": ["JOHTO", "TUKI"],
        "tags": ["kriisi", "kriisiryhmä", "turvallisuus", "tiedottaminen"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Kriisisuunnitelma",
                "body": """## Tarkoitus ja soveltaminen

Kriisisuunnitelma ohjaa toimintaa äkillisissä ja järkyttävissä tilanteissa, kuten opiskelijan tai työntekijän kuolemassa, vakavassa onnettomuudessa, väkivallassa tai sen uhassa, tulipalossa tai vaarallisen aineen vuodossa. Suunnitelma täydentää kiinteistökohtaisia pelastussuunnitelmia, jotka on laadittu pelastuslain (379/2011) mukaisesti. Suunnitelma on luottamuksellinen, koska se sisältää hälytysjärjestelyjä ja yhteystietoja.

## Kriisiryhmä

Kriisiryhmään kuuluvat rehtori (johtaa), koulutuspäälliköt, kiinteistöpäällikkö, viestintäsuunnittelija sekä opiskeluhuollon edustajat: kuraattori, psykologi ja terveydenhoitaja. Ryhmän varajohtajana toimii opintopalvelupäällikkö. Yhteystietoluettelo päivitetään elokuussa ja tammikuussa.

## Toiminta akuutissa tilanteessa

1. Soita hätänumeroon 112 ja turvaa ensin ihmiset.
2. Ilmoita välittömästi rehtorille tai varajohtajalle.
3. Kriisiryhmän johtaja kutsuu ryhmän koolle ja päättää tiedottamisesta.
4. Opiskelijat ohjataan turvalliseen kokoontumispaikkaan; opettaja pysyy ryhmänsä kanssa ja tarkistaa, että kaikki ovat paikalla.

## Tiedottaminen

Vain rehtori tai hänen valtuuttamansa henkilö antaa tietoja tiedotusvälineille. Henkilöstölle ja opiskelijoille tiedotetaan Wilman kautta. Kuolemantapauksista ilmoittaa omaisille aina poliisi, eikä oppilaitos julkista nimiä ennen omaisten lupaa.

## Jälkihoito

Opiskeluhuolto järjestää purkukeskustelut 1–3 päivän kuluessa tapahtumasta. Kriisiryhmä arvioi toimintansa kahden viikon kuluessa ja tekee tarvittavat muutokset suunnitelmaan.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-11-04",
                "effective_from": "2019-11-11",
            },
            {
                "label": "2.0",
                "title": "Kriisitilanteiden toimintaohje",
                "body": """## Tarkoitus ja soveltaminen

Kriisitilanteiden toimintaohje ohjaa toimintaa äkillisissä ja järkyttävissä tilanteissa, kuten kuolemantapauksessa, vakavassa onnettomuudessa, väkivallassa tai sen uhassa, tulipalossa tai vaarallisen aineen vuodossa. Ohje täydentää kiinteistökohtaisia pelastussuunnitelmia (pelastuslaki 379/2011). Ohje on luottamuksellinen, ja se näkyy vain johdolle ja tukipalveluille.

## Kriisiryhmä

Kriisiryhmään kuuluvat rehtori (johtaa), opintopalvelupäällikkö (varajohtaja), koulutuspäälliköt, kiinteistöpäällikkö, viestintäsuunnittelija sekä kuraattori, psykologi ja terveydenhoitaja. Yhteystietoluettelo on tämän ohjeen liitteenä, ja se päivitetään elokuussa ja tammikuussa.

## Toiminta akuutissa tilanteessa

1. Soita hätänumeroon 112 ja turvaa ensin ihmiset.
2. Ilmoita välittömästi rehtorille tai varajohtajalle.
3. Kriisiryhmän johtaja kutsuu ryhmän koolle ja päättää tiedottamisesta.
4. Opiskelijat ohjataan kokoontumispaikalle; opettaja pysyy ryhmänsä kanssa ja tarkistaa, että kaikki ovat paikalla.

## Uhkaava henkilö ja suojautuminen

Jos rakennuksessa on uhkaava tai aseistautunut henkilö, annetaan suojautumistiedote Wilman pikaviestillä ja kuulutuksella. Luokat lukitaan, valot sammutetaan, puhelimet äänettömälle ja pysytään poissa ikkunoista, kunnes poliisi antaa luvan poistua. Suojautumisharjoitus pidetään jokaisessa toimipisteessä kerran lukuvuodessa.

## Tiedottaminen

Vain rehtori tai hänen valtuuttamansa henkilö antaa tietoja tiedotusvälineille. Henkilöstölle ja opiskelijoille tiedotetaan Wilman kautta. Kuolemantapauksista ilmoittaa omaisille aina poliisi.

## Jälkihoito

Opiskeluhuolto järjestää purkukeskustelut 1–3 päivän kuluessa. Kriisiryhmä arvioi toimintansa kahden viikon kuluessa.""",
                "change_summary": "Kriisisuunnitelma uudistettu kriisitilanteiden toimintaohjeeksi; lisätty luku uhkaavasta henkilöstä ja suojautumisesta sekä vuosittainen suojautumisharjoitus; yhteystietoluettelo siirretty liitteeksi.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2023-03-06",
                "effective_from": "2023-03-13",
            },
        ],
    },
    {
        "type": "TO",
        "unit": "TUKI",
        "owner": "kirjoittaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["tietosuoja", "henkilötiedot", "tietosuojaseloste", "tietoturva"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Tietosuoja ja henkilötietojen käsittely",
                "body": """## Tarkoitus

Ohje kuvaa, miten Kainuun ammattiopistossa käsitellään opiskelijoiden, huoltajien, henkilöstön ja yhteistyökumppaneiden henkilötietoja EU:n yleisen tietosuoja-asetuksen (2016/679) ja tietosuojalain (1050/2018) mukaisesti. Ohje koskee kaikkia työntekijöitä ja sijaisia.

## Käsittelyn periaatteet

- Henkilötietoja käsitellään vain siinä laajuudessa kuin työtehtävän hoitaminen edellyttää.
- Opiskelijatietoja käsitellään Primuksessa ja Wilmassa. Niitä ei tallenneta henkilökohtaisille levyille, muistitikuille tai yksityisiin pilvipalveluihin.
- Arkaluonteiset tiedot, kuten terveydentilaa ja opiskeluhuoltoa koskevat tiedot, käsitellään vain opiskeluhuollon omissa järjestelmissä.
- Henkilötietoja sisältävää sähköpostia ei lähetetä organisaation ulkopuolelle salaamattomana.
- Tulosteet, joissa on henkilötietoja, hävitetään lukittuihin tietosuojajäteastioihin.

## Tietosuojaseloste

Jokaisesta henkilörekisteristä on laadittu tietosuojaseloste, joka julkaistaan KAO:n kotisivuilla. Rekisterin vastuuhenkilö päivittää tietosuojaselosteen aina, kun käsittelyn tarkoitus, tietosisältö tai tietojen luovutukset muuttuvat.

## Rekisteröidyn oikeudet

Tarkastus-, oikaisu- ja poistopyynnöt ohjataan tietosuojavastaavalle, joka vastaa pyyntöön kuukauden kuluessa sen saapumisesta.

## Tietoturvaloukkaukset

Jos epäilet, että henkilötietoja on joutunut vääriin käsiin, ilmoita asiasta heti esihenkilölle ja tietosuojavastaavalle. Tietosuojavastaava arvioi, onko loukkauksesta ilmoitettava tietosuojavaltuutetun toimistolle. Ilmoitus on tehtävä 72 tunnin kuluessa loukkauksen havaitsemisesta.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-05-13",
                "effective_from": "2019-05-20",
            },
            {
                "label": "2.0",
                "title": "Tietosuoja ja henkilötietojen käsittely",
                "body": """## Tarkoitus

Ohje kuvaa, miten Kainuun ammattiopistossa käsitellään opiskelijoiden, huoltajien, henkilöstön ja yhteistyökumppaneiden henkilötietoja EU:n yleisen tietosuoja-asetuksen (2016/679) ja tietosuojalain (1050/2018) mukaisesti. Ohje koskee kaikkia työntekijöitä ja sijaisia.

## Käsittelyn periaatteet

- Henkilötietoja käsitellään vain siinä laajuudessa kuin työtehtävän hoitaminen edellyttää.
- Opiskelijatietoja käsitellään Primuksessa ja Wilmassa, ei henkilökohtaisilla levyillä tai muistitikuilla.
- Arkaluonteiset tiedot käsitellään vain opiskeluhuollon omissa järjestelmissä.
- Henkilötietoja sisältävä sähköposti lähetetään ulkopuolelle aina salattuna viestinä.

## Pilvipalvelut ja Teams

Teamsissa ja OneDrivessa saa käsitellä opetukseen liittyvää aineistoa, mutta ei arkaluonteisia tietoja eikä HOKS-asiakirjoja. Uuden pilvipalvelun tai sovelluksen käyttöönotosta on aina sovittava tietohallinnon kanssa, ja tietosuojavastaava arvioi palvelun ennen käyttöönottoa.

## Tietosuojaseloste ja informointi

Jokaisesta henkilörekisteristä on tietosuojaseloste, joka julkaistaan kotisivuilla. Opiskelija saa tietosuojaselosteen linkin Wilmaan opintojen alkaessa. Opiskelijoita kuvaavien valokuvien ja videoiden julkaisu sosiaalisessa mediassa edellyttää kirjallista suostumusta, alaikäisen osalta myös huoltajan.

## Rekisteröidyn oikeudet

Tarkastus-, oikaisu- ja poistopyynnöt ohjataan tietosuojavastaavalle, joka vastaa kuukauden kuluessa.

## Tietoturvaloukkaukset

Epäillystä tietoturvaloukkauksesta ilmoitetaan heti intranetin sähköisellä loukkausilmoituslomakkeella. Tietosuojavastaava arvioi ilmoitusvelvollisuuden ja tekee tarvittaessa ilmoituksen tietosuojavaltuutetun toimistolle 72 tunnin kuluessa.

## Koulutus

Jokainen työntekijä suorittaa tietosuojan verkkokurssin kerran vuodessa syyskuun loppuun mennessä.""",
                "change_summary": "Lisätty luvut pilvipalveluista ja Teamsista sekä vuosittaisesta tietosuojakoulutuksesta; tietosuojaselosteen informointi opiskelijoille Wilmassa ja kuvien julkaisun suostumus; loukkausilmoitus tehdään sähköisellä lomakkeella.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2022-05-09",
                "effective_from": "2022-05-16",
            },
        ],
    },
    {
        "type": "TO",
        "unit": "TUKI",
        "owner": "kirjoittaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["arkistointi", "asiakirjat", "säilytysajat", "tiedonhallinta"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Asiakirjojen arkistointi",
                "body": """## Tarkoitus

Ohje kuvaa, miten Kainuun ammattiopiston asiakirjat säilytetään, arkistoidaan ja hävitetään arkistolain (831/1994) ja koulutuksen järjestäjän arkistonmuodostussuunnitelman mukaisesti. Ohjeen tavoitteena on, että tarvittavat asiakirjat löytyvät myöhemmin ja että tarpeettomat asiakirjat hävitetään ajallaan.

## Vastuut

Arkistonmuodostuksesta vastaa talouspäällikkö, ja käytännön arkistotyöstä huolehtii arkistosihteeri. Yksiköiden esihenkilöt vastaavat siitä, että oman yksikön asiakirjat toimitetaan arkistoon ajallaan ja oikein järjestettyinä. Epäselvissä säilytysaikakysymyksissä käännytään arkistosihteerin puoleen.

## Keskeiset säilytysajat

- Tutkintotodistusten jäljennökset ja opiskelijarekisterin perustiedot: säilytetään pysyvästi.
- Osaamisen arvioinnin aineistot: vähintään kuusi kuukautta arvioinnin valmistumisesta.
- Hankinta-asiakirjat: kymmenen vuotta hankintasopimuksen päättymisestä.
- Poissaoloilmoitukset ja poissaololuvat: kuluvan ja seuraavan lukuvuoden ajan.

## Paperiasiakirjat

Arkistoitavat paperiasiakirjat toimitetaan arkistosihteerille lukuvuoden päätyttyä kesäkuun loppuun mennessä. Asiakirjat järjestetään arkistokoteloihin, joihin merkitään arkistotunnus, asiakirjan nimi ja vuosi. Kansioissa ei säilytetä niittejä eikä muovitaskuja.

## Sähköiset asiakirjat

Sähköiset asiakirjat säilytetään niissä järjestelmissä, joissa ne on tuotettu, kuten Primuksessa, Wilmassa ja taloushallinnon järjestelmässä. Verkkolevyille ei tallenneta pysyvästi säilytettäviä asiakirjoja.

## Hävittäminen

Säilytysajan päätyttyä asiakirjat hävitetään tietoturvallisesti lukituissa tietosuojajäteastioissa. Arkistosihteeri laatii hävitettävistä asiakirjoista hävitysluettelon, jonka talouspäällikkö hyväksyy.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-02-04",
                "effective_from": "2019-02-11",
            },
            {
                "label": "2.0",
                "title": "Asiakirjojen arkistointi",
                "body": """## Tarkoitus

Ohje kuvaa, miten Kainuun ammattiopiston asiakirjat säilytetään, arkistoidaan ja hävitetään. Ohje perustuu lakiin julkisen hallinnon tiedonhallinnasta (906/2019), arkistolakiin (831/1994) ja koulutuksen järjestäjän tiedonohjaussuunnitelmaan, joka korvasi aiemman arkistonmuodostussuunnitelman.

## Vastuut

Tiedonohjaussuunnitelman ylläpidosta vastaa talouspäällikkö, ja käytännön arkistotyöstä huolehtii arkistosihteeri. Yksiköiden esihenkilöt vastaavat siitä, että oman yksikön asiakirjat tallennetaan oikeisiin järjestelmiin ja arkistoidaan ajallaan. Epäselvissä säilytysaikakysymyksissä käännytään arkistosihteerin puoleen.

## Säilytysajat

Asiakirjojen säilytysajat määräytyvät tiedonohjaussuunnitelman mukaan. Keskeisimmät ovat:

- Tutkintotodistusten jäljennökset ja opiskelijarekisterin perustiedot: pysyvästi.
- Osaamisen arvioinnin aineistot: vähintään kuusi kuukautta arvioinnin valmistumisesta.
- Hankinta-asiakirjat: kymmenen vuotta hankintasopimuksen päättymisestä.
- Poissaoloilmoitukset: kuluvan ja seuraavan lukuvuoden ajan.

## Paperiasiakirjat

Uusia paperiasiakirjoja muodostetaan vain, jos sähköinen käsittely ei ole mahdollista. Pysyvästi säilytettävät paperiasiakirjat skannataan sähköiseen arkistoon, ja alkuperäiset toimitetaan arkistosihteerille viimeistään elokuun loppuun mennessä.

## Sähköiset asiakirjat

Sähköiset asiakirjat säilytetään tuottavissa järjestelmissä (Primus, Wilma, taloushallinto) tai sähköisessä arkistossa. Teamsin ja verkkolevyjen tiedostot eivät ole arkistokelpoisia.

## Hävittäminen

Säilytysajan päätyttyä asiakirjat hävitetään tietoturvallisesti. Hävitysluettelo laaditaan ja hyväksytetään talouspäälliköllä, ja sähköisten asiakirjojen hävitys kirjataan järjestelmän lokiin.""",
                "change_summary": "Ohje päivitetty tiedonhallintalain (906/2019) mukaiseksi ja arkistonmuodostussuunnitelma korvattu tiedonohjaussuunnitelmalla; paperiasiakirjojen skannaus lisätty ja toimitusmääräaika siirretty kesäkuun lopusta elokuun loppuun.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2021-03-01",
                "effective_from": "2021-03-08",
            },
        ],
    },
    {
        "type": "TO",
        "unit": "OPPI",
        "owner": "opettaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["hoks", "henkilökohtaistaminen", "osaamisen tunnistaminen", "ohjaus"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Opintojen henkilökohtaistaminen (HOKS)",
                "body": """## Tarkoitus

Jokaiselle opiskelijalle laaditaan henkilökohtainen osaamisen kehittämissuunnitelma (HOKS) lain ammatillisesta koulutuksesta (531/2017) mukaisesti. HOKSissa sovitaan, mitä osaamista opiskelija hankkii, missä ja miten se hankitaan, miten aiemmin hankittu osaaminen tunnistetaan ja tunnustetaan sekä millaista ohjausta ja tukea opiskelija tarvitsee.

## Vastuut

- Vastuuopettaja laatii HOKSin yhdessä opiskelijan kanssa.
- Opinto-ohjaaja osallistuu, kun opiskelijalla on aiempia opintoja tai erityisiä ohjaustarpeita.
- Alaikäisen opiskelijan huoltajalle varataan mahdollisuus osallistua HOKS-keskusteluun.
- Erityisopettaja osallistuu, jos opiskelija tarvitsee erityistä tukea.

## HOKSin laatiminen

1. **Aiemmin hankitun osaamisen tunnistaminen**: opiskelija toimittaa todistukset ja työtodistukset, ja opettaja arvioi, voidaanko osaaminen tunnustaa osaksi tutkintoa.
2. **Osaamisen hankkiminen**: suunnitellaan tutkinnon osittain oppimisympäristöt, kuten lähiopetus, verkko-opinnot ja työpaikalla järjestettävä koulutus.
3. **Osaamisen osoittaminen**: sovitaan näyttöjen alustavat ajankohdat ja paikat.
4. **Ohjaus ja tuki**: kirjataan tarvittava ohjaus, erityinen tuki ja opiskeluvalmiuksia tukevat opinnot.

HOKS laaditaan 30 päivän kuluessa opintojen aloittamisesta ja kirjataan Primukseen, josta tiedot siirtyvät KOSKI-palveluun.

## Päivittäminen

HOKSia päivitetään aina, kun opiskelijan tilanne muuttuu, kuitenkin vähintään kerran lukukaudessa. Päivityksestä sovitaan HOKS-keskustelussa, ja muutokset kirjataan Primukseen.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-01-07",
                "effective_from": "2019-01-14",
            },
            {
                "label": "1.1",
                "title": "Opintojen henkilökohtaistaminen (HOKS)",
                "body": """## Tarkoitus

Jokaiselle opiskelijalle laaditaan henkilökohtainen osaamisen kehittämissuunnitelma (HOKS) lain ammatillisesta koulutuksesta (531/2017) mukaisesti. HOKSissa sovitaan, mitä osaamista opiskelija hankkii, missä ja miten se hankitaan, miten aiemmin hankittu osaaminen tunnistetaan ja tunnustetaan sekä millaista ohjausta ja tukea opiskelija tarvitsee.

## Vastuut

- Omaopettaja laatii HOKSin yhdessä opiskelijan kanssa.
- Opinto-ohjaaja osallistuu, kun opiskelijalla on aiempia opintoja tai erityisiä ohjaustarpeita.
- Alaikäisen opiskelijan huoltajalle varataan mahdollisuus osallistua HOKS-keskusteluun.
- Erityisopettaja osallistuu, jos opiskelija tarvitsee erityistä tukea.

## HOKSin laatiminen

1. **Aiemmin hankitun osaamisen tunnistaminen**: opiskelija toimittaa todistukset ja työtodistukset, ja opettaja arvioi, voidaanko osaaminen tunnustaa osaksi tutkintoa.
2. **Osaamisen hankkiminen**: suunnitellaan tutkinnon osittain oppimisympäristöt, kuten lähiopetus, verkko-opinnot ja työpaikalla järjestettävä koulutus.
3. **Osaamisen osoittaminen**: sovitaan näyttöjen alustavat ajankohdat ja paikat.
4. **Ohjaus ja tuki**: kirjataan tarvittava ohjaus, erityinen tuki ja opiskeluvalmiuksia tukevat opinnot.

HOKS laaditaan 30 päivän kuluessa opintojen aloittamisesta ja kirjataan Primukseen, josta tiedot siirtyvät KOSKI-palveluun. Opiskelija näkee oman HOKSinsa eHOKS-palvelussa.

## Päivittäminen

HOKSia päivitetään aina, kun opiskelijan tilanne muuttuu, kuitenkin vähintään kerran lukukaudessa. Muutokset kirjataan Primukseen.""",
                "change_summary": "Termi vastuuopettaja muutettu muotoon omaopettaja; lisätty maininta eHOKS-palvelusta, jossa opiskelija näkee oman suunnitelmansa.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2020-08-03",
                "effective_from": "2020-08-10",
            },
            {
                "label": "2.0",
                "title": "Opintojen henkilökohtaistaminen (HOKS)",
                "body": """## Tarkoitus

Jokaiselle opiskelijalle laaditaan henkilökohtainen osaamisen kehittämissuunnitelma (HOKS) lain ammatillisesta koulutuksesta (531/2017) mukaisesti. HOKSissa sovitaan, mitä osaamista opiskelija hankkii, missä ja miten se hankitaan, miten aiemmin hankittu osaaminen tunnistetaan sekä millaista ohjausta ja tukea opiskelija tarvitsee.

## Vastuut

- Omaopettaja laatii HOKSin yhdessä opiskelijan kanssa.
- Opinto-ohjaaja osallistuu, kun opiskelijalla on aiempia opintoja tai erityisiä ohjaustarpeita.
- Oppivelvollisen opiskelijan huoltaja kutsutaan ensimmäiseen HOKS-keskusteluun Wilman kautta.
- Erityisopettaja osallistuu, jos opiskelija tarvitsee erityistä tukea.

## HOKSin laatiminen

1. **Aiemmin hankitun osaamisen tunnistaminen** todistusten, työtodistusten ja tarvittaessa haastattelun perusteella.
2. **Osaamisen hankkiminen**: oppimisympäristöt tutkinnon osittain, myös työpaikalla järjestettävä koulutus.
3. **Osaamisen osoittaminen**: näyttöjen alustavat ajankohdat ja paikat.
4. **Ohjaus ja tuki**: ohjaus, erityinen tuki ja opiskeluvalmiuksia tukevat opinnot.

HOKS laaditaan 14 päivän kuluessa opintojen aloittamisesta ja kirjataan Primukseen, josta tiedot siirtyvät KOSKI-palveluun. Opiskelija näkee HOKSinsa eHOKS-palvelussa.

## Erityinen tuki

Jos opiskelija tarvitsee erityistä tukea, siitä tehdään kirjallinen päätös, ja tukitoimet kirjataan HOKSiin. Erityisopettaja arvioi tuen riittävyyden lukukausittain yhdessä opiskelijan kanssa.

## Päivittäminen

HOKS päivitetään aina ennen työpaikalla järjestettävän koulutuksen jakson alkua ja muulloinkin, kun opiskelijan tilanne muuttuu, kuitenkin vähintään kerran lukukaudessa.""",
                "change_summary": "HOKSin laatimisen määräaika lyhennetty 30 päivästä 14 päivään; oppivelvollisen huoltaja kutsutaan ensimmäiseen HOKS-keskusteluun; lisätty uusi luku erityisestä tuesta; HOKS päivitetään ennen jokaista työpaikalla järjestettävän koulutuksen jaksoa.",
                "author": "opettaja",
                "approvers": ["laatu", "rehtori"],
                "approved_at": "2022-08-01",
                "effective_from": "2022-08-08",
            },
        ],
    },
    {
        "type": "TO",
        "unit": "OPPI",
        "owner": "opettaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["työpaikalla järjestettävä koulutus", "koulutussopimus", "työpaikkaohjaaja", "työelämä"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Työpaikalla järjestettävä koulutus ja koulutussopimus",
                "body": """## Tarkoitus

Ohje kuvaa, miten koulutussopimukseen perustuva työpaikalla järjestettävä koulutus suunnitellaan, toteutetaan ja arvioidaan. Laki ammatillisesta koulutuksesta (531/2017) tuntee kaksi sopimusmuotoa: koulutussopimuksen, jossa opiskelija ei ole työsuhteessa eikä saa palkkaa, ja oppisopimuksen, joka perustuu työsopimukseen. Oppisopimuskoulutuksesta on oma ohjeensa.

## Ennen jaksoa

1. Opettaja arvioi työpaikan soveltuvuuden: riittävät työtehtävät, työvälineet, osaava työpaikkaohjaaja ja turvallinen työympäristö.
2. Koulutussopimus laaditaan kirjallisesti opiskelijan, työpaikan ja KAO:n välillä viimeistään viikkoa ennen jakson alkua. Sopimus kirjataan Primukseen.
3. Jakson tavoitteet ja tutkinnon osat kirjataan opiskelijan HOKSiin.
4. Opettaja perehdyttää työpaikkaohjaajan tutkinnon perusteisiin, arviointiin ja opiskelijan mahdollisiin erityistarpeisiin.

## Jakson aikana

Opettaja käy työpaikalla tai on yhteydessä työpaikkaohjaajaan vähintään kerran kahdessa viikossa. Työpaikkaohjaaja ilmoittaa opiskelijan poissaoloista opettajalle, joka merkitsee ne Wilmaan.

## Työturvallisuus

Työpaikka perehdyttää opiskelijan työturvallisuuteen ensimmäisenä päivänä. Tapaturmista ja vaaratilanteista opiskelija tai työpaikkaohjaaja ilmoittaa opettajalle, joka tekee Läheltä piti -ilmoitus-lomakkeella ilmoituksen oppilaitokselle. Opiskelija on vakuutettu koulutuksen järjestäjän tapaturmavakuutuksella.

## Jakson päättyminen

Jakson lopussa opiskelija, työpaikkaohjaaja ja opettaja käyvät palautekeskustelun. Työpaikkaohjaaja vastaa Arvo-palvelun työpaikkaohjaajakyselyyn.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-08-12",
                "effective_from": "2019-08-19",
            },
            {
                "label": "2.0",
                "title": "Työpaikalla järjestettävä koulutus ja koulutussopimus",
                "body": """## Tarkoitus

Ohje kuvaa, miten koulutussopimukseen perustuva työpaikalla järjestettävä koulutus suunnitellaan, toteutetaan ja arvioidaan. Laki ammatillisesta koulutuksesta (531/2017) tuntee kaksi sopimusmuotoa: koulutussopimuksen, jossa opiskelija ei ole työsuhteessa eikä saa palkkaa, ja oppisopimuksen, joka perustuu työsopimukseen.

## Ennen jaksoa

1. Opettaja arvioi työpaikan soveltuvuuden: työtehtävät, työvälineet, työpaikkaohjaajan osaaminen ja turvallinen työympäristö.
2. Koulutussopimus laaditaan sähköisesti Primuksessa ja allekirjoitetaan sähköisellä allekirjoituksella viimeistään kolme arkipäivää ennen jakson alkua.
3. Jakson tavoitteet ja tutkinnon osat kirjataan HOKSiin.
4. Uusi työpaikkaohjaaja suorittaa Opetushallituksen Ohjaan.fi-verkkokoulutuksen tai osallistuu KAO:n työpaikkaohjaajakoulutukseen ennen jakson alkua.

## Jakson aikana

Kahden ensimmäisen viikon aikana opettaja on yhteydessä työpaikkaohjaajaan viikoittain, sen jälkeen vähintään kerran kahdessa viikossa. Työpaikkaohjaaja ilmoittaa poissaoloista opettajalle, joka merkitsee ne Wilmaan.

## Työturvallisuus

Työpaikka perehdyttää opiskelijan työturvallisuuteen ensimmäisenä päivänä, ja perehdytys kirjataan koulutussopimuksen liitteeseen. Tapaturmista ja vaaratilanteista tehdään Läheltä piti -ilmoitus. Opiskelija on vakuutettu koulutuksen järjestäjän tapaturmavakuutuksella.

## Jakson päättyminen ja palaute

Jakson lopussa käydään palautekeskustelu. Arvo-palvelu lähettää työpaikkaohjaajakyselyn automaattisesti, kun jakso on kirjattu päättyneeksi, joten jakson päättymispäivä on kirjattava Primukseen viikon kuluessa. Työpaikan antama palaute käsitellään koulutusalan tiimissä lukukausittain.""",
                "change_summary": "Koulutussopimus laaditaan sähköisesti ja allekirjoitetaan sähköisesti viimeistään kolme arkipäivää ennen jaksoa (aiemmin viikko); uusille työpaikkaohjaajille pakollinen koulutus; tiivistetty yhteydenpito kahden ensimmäisen viikon aikana; lisätty ohje jakson päättymisen kirjaamisesta työelämäpalautetta varten.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2023-08-07",
                "effective_from": "2023-08-14",
            },
        ],
    },
    {
        "type": "TO",
        "unit": "JOHTO",
        "owner": "laatu",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["vertaisarviointi", "benchmarking", "benchmark-tapaaminen", "verkostot"],
        "goals": ["T2"],
        "versions": [
            {
                "label": "1.0",
                "title": "Vertaisarviointi ja benchmarking",
                "body": """## Tarkoitus

Vertaisarvioinnilla ja benchmarkingilla Kainuun ammattiopisto oppii muilta koulutuksen järjestäjiltä ja saa ulkopuolisen näkemyksen omasta toiminnastaan. Käytäntö juontaa LAMPPU-hankkeeseen, jonka puitteissa KAO järjesti vuonna 2012 hankkeeseen osallistuneille benchmark-tapaamisen Kajaanissa. Tapaamisesta laadittu raportti on edelleen mallina uusille raporteille.

## Benchmark-tapaaminen

1. Koulutuspäällikkö tai laatuvastaava valitsee vertailukohteen ja kumppanin sekä sopii tapaamisen teemasta, esimerkiksi opiskelijapalautteen hyödyntämisestä tai työpaikalla järjestettävästä koulutuksesta.
2. Isäntäorganisaatiolle lähetetään ennakkoon laaditut kysymykset vähintään kolme viikkoa ennen tapaamista.
3. Tapaamisessa toiminta esitellään kysymysten pohjalta. KAO:sta osallistuu 2–4 henkilöä.
4. Tapaamisesta laaditaan raportti kuukauden kuluessa.

## Benchmark-raportti

Raportissa kuvataan tapaamisen tausta ja kysymykset, keskeiset havainnot, kumppanin hyvät käytännöt sekä KAO:lle ehdotetut kehittämistoimenpiteet. Raportti julkaistaan intranetissä ja lähetetään kumppanille.

## Vertaisarviointi

Vertaisarvioinnissa toisen koulutuksen järjestäjän koulutetut arvioijat arvioivat valitun toiminnon EQAVET-periaatteiden ja Opetushallituksen laadunhallinnan arviointikriteerien pohjalta. Vertaisarviointi tehdään vähintään kerran kolmessa vuodessa, ja KAO tarjoaa vastavuoroisesti arvioijia kumppaneilleen.

## Tulosten hyödyntäminen

Kehittämisehdotukset käsitellään johtoryhmässä, ja hyväksytyt toimenpiteet kirjataan seuraavan vuoden toimintasuunnitelmaan.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2020-03-02",
                "effective_from": "2020-03-09",
            },
            {
                "label": "2.0",
                "title": "Vertaisarviointi ja benchmarking",
                "body": """## Tarkoitus

Vertaisarvioinnilla ja benchmarkingilla Kainuun ammattiopisto oppii muilta koulutuksen järjestäjiltä ja saa ulkopuolisen näkemyksen omasta toiminnastaan. Käytäntö juontaa LAMPPU-hankkeeseen, jonka puitteissa KAO järjesti vuonna 2012 benchmark-tapaamisen Kajaanissa.

## Benchmark-tapaaminen

1. Koulutuspäällikkö tai laatuvastaava valitsee vertailukohteen ja kumppanin sekä sopii tapaamisen teemasta.
2. Isäntäorganisaatiolle lähetetään ennakkokysymykset vähintään kolme viikkoa ennen tapaamista.
3. Tapaamisessa toiminta esitellään kysymysten pohjalta. Tapaaminen voidaan järjestää myös etätapaamisena.
4. Tapaamisesta laaditaan benchmark-raportti kolmen viikon kuluessa.

KAO isännöi itse vähintään yhden benchmark-tapaamisen lukuvuodessa.

## Benchmark-raportin rakenne

Raportti laaditaan Lamppuun tallennetulle raporttipohjalle, ja siinä on aina seuraavat osat:

- tausta, osallistujat ja ennakkokysymykset
- keskeiset havainnot teemoittain
- kumppanin hyvät käytännöt
- KAO:n kehittämisehdotukset vastuuhenkilöineen.

Raportti julkaistaan Lamppussa ja lähetetään kumppanille.

## Vertaisarviointi

Vertaisarvioinnissa toisen koulutuksen järjestäjän arvioijat arvioivat valitun toiminnon EQAVET-periaatteiden ja Opetushallituksen laadunhallinnan arviointikriteerien pohjalta vähintään kerran kolmessa vuodessa.

## Tulosten hyödyntäminen ja seuranta

Kehittämisehdotukset käsitellään johtoryhmässä. Puolen vuoden kuluttua tapaamisesta laatuvastaava tarkistaa, mitkä ehdotuksista on toteutettu, ja raportoi tuloksen johtoryhmälle.""",
                "change_summary": "Raportin määräaika lyhennetty kuukaudesta kolmeen viikkoon; lisätty vakioitu benchmark-raportin rakenne ja raporttipohja Lamppussa; etätapaamiset sallittu; KAO isännöi vähintään yhden tapaamisen vuodessa; lisätty kehittämisehdotusten seuranta puolen vuoden kuluttua.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2024-04-08",
                "effective_from": "2024-04-15",
            },
        ],
    },
    {
        "type": "TO",
        "unit": "OPPI",
        "owner": "opettaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["kiusaaminen", "häirintä", "opiskeluhuolto", "hyvinvointi"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Kiusaamisen ehkäisy ja siihen puuttuminen",
                "body": """## Tarkoitus

Opiskelijalla on oikeus turvalliseen opiskeluympäristöön, ja laki ammatillisesta koulutuksesta (531/2017) velvoittaa koulutuksen järjestäjän suojaamaan opiskelijaa väkivallalta, kiusaamiselta ja häirinnältä. Kainuun ammattiopistossa kiusaamista, häirintää ja syrjintää ei hyväksytä missään muodossa. Ohje koskee oppilaitoksen tiloja, asuntolaa, opintomatkoja ja työpaikalla järjestettävää koulutusta.

## Ennaltaehkäisy

- Ryhmäytyminen järjestetään jokaiselle uudelle ryhmälle ensimmäisten opiskeluviikkojen aikana.
- Ryhmänohjaaja käy järjestyssäännöt ja yhdenvertaisuus- ja tasa-arvosuunnitelman läpi ryhmänsä kanssa lukuvuoden alussa.
- Opiskelijoiden hyvinvointikyselyjen tulokset käsitellään opiskeluhuoltoryhmässä vuosittain.

## Kun kiusaamista havaitaan

1. Aikuinen, joka havaitsee kiusaamista tai saa siitä tiedon, puuttuu tilanteeseen heti ja ilmoittaa ryhmänohjaajalle.
2. Ryhmänohjaaja selvittää asian keskustelemalla osapuolten kanssa erikseen kolmen arkipäivän kuluessa.
3. Alaikäisten opiskelijoiden huoltajille ilmoitetaan asiasta.
4. Osapuolten kanssa sovitaan toimenpiteistä, ja seurantakeskustelu pidetään kahden viikon kuluttua.
5. Jos kiusaaminen jatkuu, asia siirretään koulutuspäällikölle ja opiskeluhuoltoryhmälle. Kurinpidollisista toimenpiteistä, kuten kirjallisesta varoituksesta, päätetään lain mukaisesti.

## Kirjaaminen

Selvittelyt ja sovitut toimenpiteet kirjataan Wilmaan. Opiskeluhuollon kirjaukset tehdään erikseen opiskeluhuoltokertomukseen.

## Henkilökunnan osallisuus

Jos opiskelija kokee henkilökunnan jäsenen kiusaavan tai häiritsevän häntä, hän voi ilmoittaa asiasta suoraan koulutuspäällikölle, kuraattorille tai rehtorille.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2020-01-07",
                "effective_from": "2020-01-13",
            },
            {
                "label": "2.0",
                "title": "Kiusaamisen ehkäisy ja siihen puuttuminen",
                "body": """## Tarkoitus

Opiskelijalla on oikeus turvalliseen opiskeluympäristöön, ja laki ammatillisesta koulutuksesta (531/2017) velvoittaa koulutuksen järjestäjän suojaamaan opiskelijaa väkivallalta, kiusaamiselta ja häirinnältä. Kiusaamista, häirintää ja syrjintää ei hyväksytä missään muodossa. Ohje koskee oppilaitoksen tiloja, asuntolaa, opintomatkoja, työpaikalla järjestettävää koulutusta ja verkkoympäristöjä.

## Ennaltaehkäisy

- Ryhmäytyminen jokaiselle uudelle ryhmälle ensimmäisten opiskeluviikkojen aikana.
- Järjestyssäännöt ja yhdenvertaisuus- ja tasa-arvosuunnitelma käydään läpi lukuvuoden alussa.
- Hyvinvointitiimi (kuraattori, terveydenhoitaja ja kaksi opettajaa) suunnittelee vuosittaiset teemaviikot.

## Ilmoittaminen

Kiusaamisesta voi ilmoittaa kenelle tahansa henkilökunnan jäsenelle tai nimettömästi Wilman ilmoituslomakkeella, jonka käsittelee hyvinvointitiimi.

## Kun kiusaamista havaitaan

1. Aikuinen puuttuu tilanteeseen heti ja ilmoittaa ryhmänohjaajalle.
2. Ryhmänohjaaja selvittää asian osapuolten kanssa erikseen kahden arkipäivän kuluessa.
3. Alaikäisten huoltajille ilmoitetaan.
4. Toimenpiteistä sovitaan, ja seurantakeskustelu pidetään kahden viikon kuluttua.
5. Jos kiusaaminen jatkuu, asia siirretään koulutuspäällikölle ja opiskeluhuoltoryhmälle, ja kurinpidollisista toimenpiteistä päätetään lain mukaisesti.

## Verkkokiusaaminen

Sosiaalisessa mediassa ja pikaviestimissä tapahtuva kiusaaminen käsitellään samoin kuin muu kiusaaminen, jos se vaikuttaa opiskeluun tai ryhmän ilmapiiriin. Opiskelijaa ohjataan tallentamaan kuvakaappaukset. Laittomasta kuvien levittämisestä tai uhkailusta tehdään ilmoitus poliisille.

## Kirjaaminen

Selvittelyt kirjataan Wilmaan; opiskeluhuollon kirjaukset tehdään opiskeluhuoltokertomukseen.""",
                "change_summary": "Selvittelyn määräaika lyhennetty kolmesta kahteen arkipäivään; lisätty uudet luvut verkkokiusaamisesta ja ilmoittamisesta (nimetön ilmoitus Wilmassa); hyvinvointitiimi vastaa ennaltaehkäisystä.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2024-01-08",
                "effective_from": "2024-01-15",
            },
        ],
    },
    # ------------------------------------------------------------------
    # TY: work instructions
    # ------------------------------------------------------------------
    {
        "type": "TY",
        "unit": "TEKN",
        "owner": "opettaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["työturvallisuus", "metallityöpaja", "suojaimet", "työstökoneet"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Metallityöpajan työturvallisuus",
                "body": """## Soveltamisala

Työohje koskee kaikkia metallityöpajassa työskenteleviä opiskelijoita, opettajia ja vierailijoita. Ohje perustuu työturvallisuuslakiin (738/2002) ja valtioneuvoston asetukseen työvälineiden turvallisesta käytöstä ja tarkastamisesta (403/2008).

## Ennen työskentelyä

- Opiskelija saa työskennellä pajassa vasta, kun opettaja on perehdyttänyt hänet pajan turvallisuuteen ja perehdytys on kirjattu Wilmaan.
- Jokaisen koneen käyttöön (sorvi, jyrsinkone, pylväsporakone, hiomakone, särmäyspuristin) annetaan erillinen konekohtainen opastus.
- Pakolliset suojavarusteet ovat turvakengät, tiiviit työvaatteet ja koneilla työskenneltäessä suojalasit. Melualueella käytetään kuulonsuojaimia.
- Sormukset, kaulakorut ja kellot riisutaan, ja pitkät hiukset sidotaan kiinni.

## Työskentely

- Pajassa ei työskennellä yksin, ja opettajan on oltava paikalla koko ajan.
- Koneen suojia ei saa poistaa eikä ohittaa. Hätäpysäytyspainikkeiden sijainti tarkistetaan ennen työn aloittamista.
- Lastut poistetaan harjalla tai lastukoukulla, ei koskaan käsin eikä paineilmalla.
- Kulkuväylät pidetään vapaina, ja työpiste siivotaan jokaisen työvaiheen jälkeen.

## Vaaratilanteet ja tapaturmat

Tapaturman sattuessa annetaan ensiapu Ensiapuohjeen mukaisesti ja tarvittaessa soitetaan 112. Opettaja ilmoittaa tapaturmasta koulutuspäällikölle samana päivänä. Tilanteista, joissa vahingolta vältyttiin täpärästi, täytetään Läheltä piti -ilmoitus samana päivänä.

## Opettajan vastuut

Opettaja tarkastaa koneiden ja suojalaitteiden kunnon viikoittain. Viallinen kone merkitään käyttökieltoon, ja vika ilmoitetaan kiinteistö- ja laitehuoltoon.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-08-16",
                "effective_from": "2019-08-22",
            },
            {
                "label": "1.1",
                "title": "Metallityöpajan työturvallisuus",
                "body": """## Soveltamisala

Työohje koskee kaikkia metallityöpajassa työskenteleviä opiskelijoita, opettajia ja vierailijoita. Ohje perustuu työturvallisuuslakiin (738/2002) ja valtioneuvoston asetukseen työvälineiden turvallisesta käytöstä ja tarkastamisesta (403/2008).

## Ennen työskentelyä

- Opiskelija saa työskennellä pajassa vasta, kun opettaja on perehdyttänyt hänet pajan turvallisuuteen ja perehdytys on kirjattu Wilmaan.
- Jokaisen koneen käyttöön (sorvi, CNC-sorvi, jyrsinkone, pylväsporakone, hiomakone, särmäyspuristin) annetaan erillinen konekohtainen opastus.
- Pakolliset suojavarusteet ovat turvakengät, tiiviit työvaatteet ja koneilla työskenneltäessä suojalasit. Melualueella käytetään kuulonsuojaimia.
- Sormukset, kaulakorut ja kellot riisutaan, ja pitkät hiukset sidotaan kiinni.

## Työskentely

- Pajassa ei työskennellä yksin, ja opettajan on oltava paikalla koko ajan.
- Koneen suojia ei saa poistaa eikä ohittaa. Hätäpysäytyspainikkeiden sijainti tarkistetaan ennen työn aloittamista.
- Lastut poistetaan harjalla tai lastukoukulla, ei käsin eikä paineilmalla.
- Kulkuväylät pidetään vapaina, ja työpiste siivotaan jokaisen työvaiheen jälkeen.

## Ensiapuvälineet

Ensiapukaappi ja silmähuuhtelupiste ovat pajan pääoven vieressä. Lähin defibrillaattori on tekniikan rakennuksen aulassa.

## Vaaratilanteet ja tapaturmat

Tapaturman sattuessa annetaan ensiapu Ensiapuohjeen mukaisesti ja tarvittaessa soitetaan 112. Opettaja ilmoittaa tapaturmasta koulutuspäällikölle samana päivänä. Läheltä piti -tilanteista täytetään Läheltä piti -ilmoitus samana päivänä.

## Opettajan vastuut

Opettaja tarkastaa koneiden ja suojalaitteiden kunnon viikoittain. Viallinen kone merkitään käyttökieltoon, ja vika ilmoitetaan kiinteistö- ja laitehuoltoon.""",
                "change_summary": "Konelistaan lisätty CNC-sorvi; lisätty lyhyt luku ensiapukaapin, silmähuuhtelupisteen ja defibrillaattorin sijainnista.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2021-01-11",
                "effective_from": "2021-01-18",
            },
            {
                "label": "2.0",
                "title": "Metallityöpajan työturvallisuus",
                "body": """## Soveltamisala

Työohje koskee kaikkia metallityöpajassa työskenteleviä opiskelijoita, opettajia ja vierailijoita. Ohje perustuu työturvallisuuslakiin (738/2002) ja valtioneuvoston asetukseen työvälineiden turvallisesta käytöstä ja tarkastamisesta (403/2008).

## Koneajokortti

Opiskelija saa käyttää työstökonetta vasta, kun hän on suorittanut koneen koneajokortin. Ajokortti koostuu konekohtaisesta opastuksesta, lyhyestä turvallisuustestistä ja opettajan valvomasta käyttönäytöstä. Suoritetut ajokortit kirjataan Wilmaan, ja opettaja tarkistaa ne ennen kuin antaa luvan koneen käyttöön.

## Suojavarusteet

- Suojalasit ovat pakolliset koko pajassa, ei ainoastaan koneilla.
- Turvakengät ja tiiviit työvaatteet ovat pakolliset; melualueella käytetään kuulonsuojaimia.
- Korut ja kellot riisutaan, ja pitkät hiukset sidotaan kiinni.
- Pyörivien koneiden ääressä ei käytetä käsineitä.

## Työskentely

- Pajassa ei työskennellä yksin. Ilta- ja viikonlopputyöskentely on sallittu vain opettajan kirjallisella luvalla ja opettajan ollessa paikalla.
- Koneen suojia ei saa poistaa eikä ohittaa. Hätäpysäytyspainikkeiden sijainti tarkistetaan ennen työn aloittamista.
- Lastut poistetaan harjalla tai lastukoukulla, ei käsin eikä paineilmalla.

## Ensiapuvälineet

Ensiapukaappi ja silmähuuhtelupiste ovat pajan pääoven vieressä. Lähin defibrillaattori on tekniikan rakennuksen aulassa.

## Vaaratilanteet ja tapaturmat

Tapaturman sattuessa annetaan ensiapu Ensiapuohjeen mukaisesti ja tarvittaessa soitetaan 112. Läheltä piti -tilanteista täytetään Läheltä piti -ilmoitus samana päivänä, ja työsuojelupäällikkö käsittelee ilmoitukset kuukausittain.

## Opettajan vastuut

Opettaja tarkastaa koneet ja suojalaitteet viikoittain tarkastuslistan mukaisesti. Viallinen kone merkitään käyttökieltoon.""",
                "change_summary": "Lisätty koneajokortti työstökoneiden käytön edellytykseksi; suojalasit pakollisiksi koko pajassa; ilta- ja viikonlopputyöskentely vain kirjallisella luvalla; käsineiden käyttökielto pyörivillä koneilla; koneiden tarkastus tarkastuslistan mukaan.",
                "author": "opettaja",
                "approvers": ["laatu", "rehtori"],
                "approved_at": "2024-08-19",
                "effective_from": "2024-08-26",
            },
        ],
    },
    {
        "type": "TY",
        "unit": "TEKN",
        "owner": "opettaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["hitsaus", "tulityö", "työturvallisuus", "suojaimet"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Hitsaustyön turvallisuus",
                "body": """## Soveltamisala

Työohje koskee hitsausta, polttoleikkausta ja plasmaleikkausta hitsaamossa. Ohjetta noudattavat kone- ja metallialan sekä auto- ja kuljetusalan opiskelijat ja opettajat. Yleiset pajasäännöt on kuvattu metallityöpajan työturvallisuutta koskevassa työohjeessa.

## Suojavarusteet

- automaattisesti tummuva hitsausmaski, jonka suojaluokka on valittu hitsausmenetelmän mukaan
- nahkaiset hitsauskäsineet ja palamattomasta materiaalista valmistettu hitsaustakki
- turvakengät ja lahkeet kenkien päällä
- kuulonsuojaimet plasmaleikkauksessa ja hionnassa.

## Ennen hitsausta

1. Käynnistä kohdepoisto ja varmista, että imukupu on lähellä hitsauskohtaa.
2. Tarkista, että kaasupullot on kiinnitetty ketjulla ja että letkut ja takaiskuventtiilit ovat ehjät.
3. Siirrä palava materiaali pois työpisteen läheisyydestä ja sulje hitsausverhot, jotta muut eivät altistu valokaarelle.

## Kaasupullot

Kaasupulloja säilytetään pystyasennossa ja kiinnitettyinä. Happi- ja asetyleenipullot varastoidaan erillään. Pullojen venttiilit suljetaan aina työn päätyttyä, ja vuodot tarkastetaan vuodonilmaisinaineella, ei koskaan liekillä.

## Terveyshaitat

Hitsaushuurut voivat aiheuttaa hengitystiesairauksia. Ruostumattoman ja sinkityn teräksen hitsauksessa suositellaan raitisilmanaamaria. Silmien valokaaren aiheuttamat oireet ja palovammat hoidetaan Ensiapuohjeen mukaisesti.

## Työn jälkeen

Työpiste tarkastetaan kytevien kipinöiden varalta ennen poistumista. Läheltä piti -tilanteista täytetään Läheltä piti -ilmoitus.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2020-01-20",
                "effective_from": "2020-01-27",
            },
            {
                "label": "2.0",
                "title": "Hitsaustyön turvallisuus",
                "body": """## Soveltamisala

Työohje koskee hitsausta, polttoleikkausta ja plasmaleikkausta hitsaamossa sekä hitsaamon ulkopuolella tehtäviä tulitöitä. Yleiset pajasäännöt on kuvattu metallityöpajan työturvallisuutta koskevassa työohjeessa.

## Suojavarusteet

- automaattisesti tummuva hitsausmaski, jonka suojaluokka on valittu menetelmän mukaan; maskin suodin tarkistetaan ennen jokaista työkertaa
- nahkaiset hitsauskäsineet ja palamaton hitsaustakki
- turvakengät ja lahkeet kenkien päällä
- kuulonsuojaimet plasmaleikkauksessa ja hionnassa.

## Ennen hitsausta

1. Käynnistä kohdepoisto ja varmista, että imukupu on lähellä hitsauskohtaa.
2. Tarkista kaasupullojen kiinnitys sekä letkujen ja takaiskuventtiilien kunto.
3. Siirrä palava materiaali pois ja sulje hitsausverhot.

## Kaasupullot

Kaasupullot säilytetään pystyasennossa ja kiinnitettyinä, happi ja asetyleeni erillään. Venttiilit suljetaan työn päätyttyä, ja vuodot tarkastetaan vuodonilmaisinaineella.

## Terveyshaitat

Ruostumattoman ja sinkityn teräksen hitsauksessa raitisilmanaamarin käyttö on pakollista. Hitsaushuuruille altistuvien opettajien terveystarkastukset järjestetään työterveyshuollossa.

## Tulityöt hitsaamon ulkopuolella

Hitsaamon ulkopuolella, esimerkiksi työmaaharjoituksissa, tulitöitä saa tehdä vain opettajan valvonnassa ja kirjallisella tulityöluvalla. Tulityön tekijällä on oltava voimassa oleva tulityökortti; opiskelijat suorittavat tulityökorttikoulutuksen toisena opiskeluvuonna. Työn jälkeen järjestetään vähintään tunnin jälkivartiointi.

## Työn jälkeen

Työpiste tarkastetaan kytevien kipinöiden varalta. Läheltä piti -tilanteista täytetään Läheltä piti -ilmoitus.""",
                "change_summary": "Lisätty uusi luku hitsaamon ulkopuolisista tulitöistä (tulityölupa, tulityökortti, jälkivartiointi); raitisilmanaamari muutettu suosituksesta pakolliseksi ruostumattoman ja sinkityn teräksen hitsauksessa; lisätty maskin suotimen tarkistus.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2023-10-09",
                "effective_from": "2023-10-16",
            },
        ],
    },
    {
        "type": "TY",
        "unit": "TEKN",
        "owner": "opettaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["kemikaalit", "käyttöturvallisuustiedote", "vaarallinen jäte", "työturvallisuus"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Kemikaalien käsittely",
                "body": """## Soveltamisala

Työohje koskee kemikaalien hankintaa, käsittelyä, varastointia ja hävittämistä tekniikan ja liikenteen alan opetustiloissa, kuten autokorjaamossa, maalaamossa ja metallityöpajassa. Ohje perustuu kemikaalilakiin (599/2013), työturvallisuuslakiin (738/2002) ja EU:n CLP-asetuksen mukaisiin varoitusmerkintöihin.

## Kemikaaliluettelo ja käyttöturvallisuustiedotteet

Jokaisesta opetustilassa käytettävästä kemikaalista on oltava suomenkielinen käyttöturvallisuustiedote. Tiedotteet ja kemikaaliluettelo ovat sähköisessä kemikaalirekisterissä sekä tulostettuina kansiossa tilan ovensuussa. Ennen uuden kemikaalin hankintaa opettaja pyytää käyttöturvallisuustiedotteen toimittajalta ja päivittää kemikaaliluettelon.

## Käsittely

- Lue pakkauksen varoitusmerkinnät ja käyttöturvallisuustiedotteen suojainohjeet ennen käyttöä.
- Käytä kemikaalinkestäviä nitriilikäsineitä ja suojalaseja; maalaamossa lisäksi hengityksensuojainta.
- Huolehdi ilmanvaihdosta ja käytä kohdepoistoa liuottimien kanssa.
- Älä siirrä kemikaaleja merkitsemättömiin astioihin tai juomapulloihin.
- Kemikaalien käsittelytiloissa ei syödä, juoda eikä säilytetä elintarvikkeita.

## Varastointi

Palavat nesteet säilytetään paloturvallisessa kemikaalikaapissa, hapot ja emäkset erillään toisistaan. Työpisteellä pidetään vain päivän tarpeeseen riittävä määrä.

## Roiskeet, vuodot ja myrkytykset

Silmiin joutunut kemikaali huuhdellaan runsaalla vedellä vähintään 15 minuutin ajan. Vuodot imeytetään imeytysaineella. Myrkytystapauksissa neuvoja antaa Myrkytystietokeskus, puh. 0800 147 111; hätätilanteessa soitetaan 112.

## Jätteet

Käytetyt öljyt, liuottimet, maalijätteet ja akut kerätään merkittyihin vaarallisen jätteen astioihin, jotka kiinteistöhuolto toimittaa käsittelyyn.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2021-09-06",
                "effective_from": "2021-09-13",
            },
        ],
    },
    {
        "type": "TY",
        "unit": "SOTE",
        "owner": "opettaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["ensiapu", "hätätilanne", "defibrillaattori", "turvallisuus"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Ensiapuohje",
                "body": """## Toimintajärjestys onnettomuudessa

1. Arvioi tilanne ja turvaa ensin oma ja muiden turvallisuus.
2. Tee hätäilmoitus numeroon 112, jos tilanne on vakava.
3. Anna ensiapua ja pysy autettavan luona.
4. Ilmoita tapahtuneesta opettajalle tai esihenkilölle.

## Hätäilmoitus

Soita 112. Kerro mitä on tapahtunut, tarkka osoite (esimerkiksi Opintie 3, Kajaani, ja rakennus) ja loukkaantuneiden määrä. Vastaa kysymyksiin ja toimi saamiesi ohjeiden mukaan. Älä sulje puhelinta ennen kuin saat siihen luvan. Lähetä joku opastamaan ambulanssi perille.

## Elvytys

Jos henkilö ei herää eikä hengitä normaalisti, soita 112 ja aloita painelu-puhalluselvytys rytmillä 30:2. Pyydä joku hakemaan defibrillaattori ja noudata laitteen puheohjeita. Defibrillaattorit ovat pääaulassa ja liikuntasalin käytävällä.

## Yleisimmät vammat

- **Haavat**: tyrehdytä verenvuoto painamalla ja kohoasennolla; suojaa haava puhtaalla sidoksella.
- **Palovammat**: jäähdytä haaleankylmällä vedellä noin 20 minuuttia.
- **Silmävammat ja kemikaaliroiskeet**: huuhtele silmää runsaalla vedellä vähintään 15 minuuttia.
- **Diabeetikon matala verensokeri**: anna sokeripitoista juotavaa, jos henkilö pystyy nielemään.

## Ensiapuvälineet

Jokaisessa opetustilassa on ensiapukaappi. Sosiaali- ja terveysalan opettajat tarkastavat kaappien sisällön kahdesti vuodessa ja täydentävät puutteet.

## Jälkitoimet

Opiskelijan tapaturmasta ilmoitetaan terveydenhoitajalle ja koulutuspäällikölle, ja vakuutusyhtiölle tehdään tapaturmailmoitus. Vaaratilanteista, joissa vahingolta vältyttiin, täytetään Läheltä piti -ilmoitus.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-09-09",
                "effective_from": "2019-09-16",
            },
            {
                "label": "2.0",
                "title": "Ensiapuohje",
                "body": """## Toimintajärjestys onnettomuudessa

1. Arvioi tilanne ja turvaa ensin oma ja muiden turvallisuus.
2. Tee hätäilmoitus numeroon 112, jos tilanne on vakava.
3. Anna ensiapua ja pysy autettavan luona.
4. Ilmoita tapahtuneesta opettajalle tai esihenkilölle.

## Hätäilmoitus

Soita 112 mieluiten 112 Suomi -sovelluksella, jolloin sijaintisi välittyy hätäkeskukseen. Kerro mitä on tapahtunut, tarkka osoite ja rakennus sekä loukkaantuneiden määrä. Älä sulje puhelinta ennen kuin saat siihen luvan. Lähetä joku opastamaan ambulanssi perille.

## Elvytys

Jos henkilö ei herää eikä hengitä normaalisti, soita 112 ja aloita painelu-puhalluselvytys rytmillä 30:2. Pyydä joku hakemaan defibrillaattori. Defibrillaattorit ovat pääaulassa, liikuntasalin käytävällä, tekniikan rakennuksen aulassa ja opetusravintolan eteisessä.

## Vaikea allerginen reaktio

Jos henkilöllä on nopeasti kehittyvä hengenahdistus, turvotusta tai nokkosihottumaa allergeenille altistumisen jälkeen, soita 112. Auta henkilöä käyttämään omaa adrenaliinikynäänsä reiden ulkosyrjään. Opetusravintolassa on lisäksi ensiapukaapissa adrenaliinikynä.

## Yleisimmät vammat

- **Haavat**: tyrehdytä verenvuoto painamalla; suojaa haava puhtaalla sidoksella.
- **Palovammat**: jäähdytä haaleankylmällä vedellä noin 20 minuuttia.
- **Silmävammat ja kemikaaliroiskeet**: huuhtele silmää vähintään 15 minuuttia.

## Ensiapuvälineet ja koulutus

Sosiaali- ja terveysalan opettajat tarkastavat ensiapukaapit kerran lukukaudessa tarkastuslistan mukaisesti. Jokainen opettaja suorittaa EA1-kurssin tai sen kertauksen kolmen vuoden välein.

## Jälkitoimet

Opiskelijan tapaturmasta ilmoitetaan terveydenhoitajalle ja koulutuspäällikölle, ja vakuutusyhtiölle tehdään tapaturmailmoitus. Vaaratilanteista täytetään Läheltä piti -ilmoitus.""",
                "change_summary": "Lisätty uusi luku vaikeasta allergisesta reaktiosta ja adrenaliinikynästä; suositeltu 112 Suomi -sovellusta; päivitetty defibrillaattorien sijainnit; ensiapukaappien tarkastus muutettu kerran lukukaudessa tehtäväksi ja lisätty opettajien EA1-koulutusvaatimus.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2023-09-04",
                "effective_from": "2023-09-11",
            },
        ],
    },
    {
        "type": "TY",
        "unit": "PALV",
        "owner": "opettaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["hygienia", "omavalvonta", "keittiö", "elintarviketurvallisuus"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Keittiön hygienia ja omavalvonta",
                "body": """## Soveltamisala

Työohje koskee ravintola- ja catering-alan opetuskeittiöitä ja opetusravintolaa. Ohje perustuu elintarvikelakiin (23/2006) ja opetusravintolan omavalvontasuunnitelmaan. Ohjetta noudattavat opiskelijat, opettajat ja keittiön henkilökunta.

## Hygieniaosaaminen

Helposti pilaantuvia elintarvikkeita käsittelevällä on oltava hygieniaosaamistodistus. Opiskelijat suorittavat hygieniaosaamistestin ensimmäisen lukukauden aikana. Opettaja tarkistaa todistuksen ennen kuin opiskelija työskentelee opetusravintolan asiakastyössä.

## Henkilökohtainen hygienia

- Kädet pestään ennen työn aloittamista, raakojen tuotteiden käsittelyn jälkeen ja aina WC-käynnin jälkeen.
- Keittiössä käytetään puhtaita työvaatteita ja päähinettä; korut ja kellot riisutaan.
- Haavat suojataan sinisellä laastarilla ja suojakäsineellä.
- Ripuli- tai oksennustaudin jälkeen keittiöön ei tulla ennen kuin oireiden loppumisesta on kulunut 48 tuntia.

## Lämpötilat

- Helposti pilaantuvat elintarvikkeet säilytetään enintään +6 °C:ssa, jauheliha enintään +4 °C:ssa.
- Ruoka kypsennetään vähintään +70 °C:seen.
- Lämpimänä tarjottava ruoka pidetään vähintään +60 °C:ssa.
- Kypsennetty ruoka jäähdytetään +6 °C:seen enintään neljässä tunnissa.

## Omavalvontakirjanpito

Kylmälaitteiden lämpötilat mitataan ja kirjataan omavalvontalomakkeelle päivittäin. Tavaran vastaanotossa tarkistetaan lämpötila ja pakkausten kunto. Puhtaanapito tehdään siivoussuunnitelman mukaan.

## Poikkeamat

Jos lämpötila on ylittynyt tai tuotteen turvallisuus on epävarma, tuote hävitetään ja poikkeama kirjataan omavalvontalomakkeelle. Opettaja ilmoittaa toistuvista poikkeamista koulutuspäällikölle.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2020-08-10",
                "effective_from": "2020-08-17",
            },
            {
                "label": "2.0",
                "title": "Keittiön hygienia ja omavalvonta",
                "body": """## Soveltamisala

Työohje koskee ravintola- ja catering-alan opetuskeittiöitä ja opetusravintolaa. Ohje perustuu 1.3.2021 voimaan tulleeseen elintarvikelakiin (297/2021) ja opetusravintolan omavalvontasuunnitelmaan.

## Hygieniaosaaminen

Helposti pilaantuvia elintarvikkeita käsittelevällä on oltava hygieniaosaamistodistus. Opiskelija suorittaa hygieniaosaamistestin viimeistään ennen ensimmäistä työpaikalla järjestettävän koulutuksen jaksoa, ja todistus tallennetaan Primukseen.

## Henkilökohtainen hygienia

- Kädet pestään ennen työn aloittamista, raakojen tuotteiden käsittelyn jälkeen ja aina WC-käynnin jälkeen.
- Keittiössä käytetään puhtaita työvaatteita ja päähinettä; korut ja kellot riisutaan.
- Haavat suojataan sinisellä laastarilla ja suojakäsineellä.
- Ripuli- tai oksennustaudin jälkeen keittiöön ei tulla ennen kuin oireiden loppumisesta on kulunut 48 tuntia.

## Lämpötilat

- Helposti pilaantuvat elintarvikkeet enintään +6 °C, jauheliha enintään +4 °C.
- Kypsennys vähintään +70 °C:seen; lämpimänä tarjottava ruoka vähintään +60 °C.
- Jäähdytys +6 °C:seen enintään neljässä tunnissa.

## Sähköinen lämpötilaseuranta

Kylmälaitteissa on langattomat lämpötila-anturit, jotka tallentavat mittaukset automaattisesti. Jos lämpötila ylittää raja-arvon yli tunnin ajan, järjestelmä lähettää hälytyksen päivystävän opettajan puhelimeen. Paperinen lämpötilalomake on käytössä vain anturivian aikana.

## Allergeenit ja Oiva-raportti

Tieto ruokien allergeeneista on oltava asiakkaan saatavilla kirjallisesti jokaisella kattauksella. Viimeisin Oiva-tarkastusraportti pidetään näkyvillä opetusravintolan sisäänkäynnillä.

## Poikkeamat

Jos lämpötila on ylittynyt tai tuotteen turvallisuus on epävarma, tuote hävitetään ja poikkeama kirjataan. Toistuvista poikkeamista opettaja ilmoittaa koulutuspäällikölle.""",
                "change_summary": "Päivitetty uuden elintarvikelain (297/2021) mukaiseksi; lämpötilojen seuranta siirretty sähköiseen anturijärjestelmään hälytyksineen; lisätty allergeenitiedot ja Oiva-raportin esillepito; hygieniaosaamistodistuksen määräaika sidottu ensimmäiseen työpaikalla järjestettävän koulutuksen jaksoon.",
                "author": "opettaja",
                "approvers": ["rehtori"],
                "approved_at": "2022-01-10",
                "effective_from": "2022-01-17",
            },
        ],
    },
    {
        "type": "TY",
        "unit": "TUKI",
        "owner": "kirjoittaja",
        "visibility": "restricted",
        "audience_units": ["TUKI"],
        "tags": ["salasanat", "käyttäjätunnukset", "tietoturva", "tietohallinto"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Salasanojen ja käyttäjätunnusten hallinta",
                "body": """## Soveltamisala

Työohje on tarkoitettu tietohallinnon henkilöstölle. Se kuvaa käyttäjätunnusten luomisen, muuttamisen ja poistamisen sekä salasanoja ja pääkäyttäjätunnuksia koskevat käytännöt. Ohje on rajattu tukipalveluille, koska se sisältää ylläpitomenettelyjen yksityiskohtia.

## Tunnusten luominen

Henkilöstön käyttäjätunnukset luodaan henkilöstösihteerin ilmoituksen perusteella henkilöstön perehdyttämisprosessin mukaisesti, viimeistään edellisenä arkipäivänä ennen työsuhteen alkua. Opiskelijoiden tunnukset muodostuvat automaattisesti, kun opiskelija merkitään Primuksessa läsnä olevaksi.

## Salasanavaatimukset

- Salasanassa on vähintään 10 merkkiä, ja siinä on isoja ja pieniä kirjaimia sekä numeroita.
- Salasana vaihdetaan 90 päivän välein, eikä viittä edellistä salasanaa voi käyttää uudelleen.
- Salasanaa ei saa kertoa kenellekään, ei myöskään tietohallinnolle.

## Salasanan palauttaminen

Salasana palautetaan vain, kun käyttäjän henkilöllisyys on varmistettu kuvallisesta henkilöllisyystodistuksesta tai soittamalla henkilöstöhallinnossa ilmoitettuun puhelinnumeroon. Uutta salasanaa ei koskaan lähetetä sähköpostilla.

## Pääkäyttäjätunnukset

Ylläpitotehtäviin käytetään erillisiä pääkäyttäjätunnuksia, joita ei käytetä päivittäiseen työhön. Pääkäyttäjätunnusten salasanat säilytetään lukitussa kassakaapissa suljetuissa kirjekuorissa. Tietohallintopäällikkö tarkistaa pääkäyttäjäluettelon puolen vuoden välein.

## Tunnusten sulkeminen

Työntekijän tunnus suljetaan viimeisen työpäivän päätteeksi. Opiskelijan tunnus suljetaan 30 päivän kuluttua valmistumisesta tai eroamisesta.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2020-03-09",
                "effective_from": "2020-03-16",
            },
            {
                "label": "2.0",
                "title": "Salasanojen ja käyttäjätunnusten hallinta",
                "body": """## Soveltamisala

Työohje on tarkoitettu tietohallinnon henkilöstölle. Se kuvaa käyttäjätunnusten luomisen, muuttamisen ja poistamisen sekä salasanoja ja pääkäyttäjätunnuksia koskevat käytännöt. Ohje on rajattu tukipalveluille, koska se sisältää ylläpitomenettelyjen yksityiskohtia.

## Tunnusten luominen

Henkilöstön käyttäjätunnukset luodaan henkilöstösihteerin ilmoituksen perusteella viimeistään edellisenä arkipäivänä ennen työsuhteen alkua. Opiskelijoiden tunnukset muodostuvat automaattisesti, kun opiskelija merkitään Primuksessa läsnä olevaksi.

## Salasanavaatimukset

- Salasanana käytetään vähintään 15 merkin tunnuslausetta, esimerkiksi useasta sanasta koostuvaa lausetta.
- Salasanaa ei vaihdeta määräajoin, vaan ainoastaan, jos on syytä epäillä sen paljastuneen. Muutos perustuu Kyberturvallisuuskeskuksen suositukseen.
- Salasanaa ei saa kertoa kenellekään, ei myöskään tietohallinnolle.

## Monivaiheinen tunnistautuminen

Monivaiheinen tunnistautuminen on pakollinen kaikille henkilöstön tunnuksille sekä opiskelijoiden etäkäytölle. Tunnistautumismenetelmän vaihto tehdään vain henkilöllisyyden varmistamisen jälkeen.

## Salasanan palauttaminen

Salasana palautetaan vain, kun henkilöllisyys on varmistettu kuvallisesta henkilöllisyystodistuksesta tai vahvalla sähköisellä tunnistautumisella. Uutta salasanaa ei lähetetä sähköpostilla.

## Pääkäyttäjä- ja palvelutunnukset

Ylläpitotehtäviin käytetään erillisiä pääkäyttäjätunnuksia. Niiden ja palvelutunnusten salasanat säilytetään salasanaholvissa, johon jokainen käyttökerta kirjautuu lokiin. Tietohallintopäällikkö tarkistaa pääkäyttäjäluettelon neljännesvuosittain.

## Tunnusten sulkeminen

Työntekijän tunnus suljetaan viimeisen työpäivän päätteeksi. Opiskelijan tunnus suljetaan 14 päivän kuluttua valmistumisesta tai eroamisesta.""",
                "change_summary": "Salasanavaatimus muutettu vähintään 15 merkin tunnuslauseeksi ja määräaikainen vaihto poistettu Kyberturvallisuuskeskuksen suosituksen mukaisesti; monivaiheinen tunnistautuminen pakolliseksi; pääkäyttäjäsalasanat siirretty kassakaapista salasanaholviin; opiskelijatunnusten sulkemisaika lyhennetty 30 päivästä 14 päivään.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2024-02-05",
                "effective_from": "2024-02-12",
            },
        ],
    },
    # ------------------------------------------------------------------
    # LO: forms
    # ------------------------------------------------------------------
    {
        "type": "LO",
        "unit": "JOHTO",
        "owner": "laatu",
        "visibility": "public",
        "audience_units": [],
        "tags": ["palaute", "asiakaspalaute", "lomake"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Palautelomake",
                "body": """## Lomakkeen käyttö

Palautelomakkeella opiskelijat, huoltajat, työpaikat ja muut yhteistyökumppanit voivat antaa palautetta Kainuun ammattiopiston toiminnasta. Lomake on saatavilla KAO:n kotisivuilla ja intranetissä. Henkilökunta käyttää samaa lomaketta kirjatessaan suullisesti saamaansa palautetta. Palaute käsitellään palautteen käsittelyprosessin mukaisesti.

## Lomakkeen kentät

1. **Palautteen antaja**: opiskelija, huoltaja, työpaikka tai työpaikkaohjaaja, henkilöstö, muu.
2. **Palautteen kohde**: koulutusala tai palvelu (esimerkiksi opintotoimisto, opiskelijaravintola, asuntola, kirjasto).
3. **Palautteen tyyppi**: kiitos, kehittämisehdotus, moite tai kysymys.
4. **Palaute**: vapaa teksti, enintään 2 000 merkkiä.
5. **Nimi ja yhteystiedot**: pakollisia, jos haluat vastauksen.
6. **Päivämäärä**.

## Mitä palautteelle tapahtuu

Laatuvastaava kirjaa palautteen palauterekisteriin ja ohjaa sen asianomaiseen yksikköön. Jos olet jättänyt yhteystietosi, sinulle vastataan kymmenen arkipäivän kuluessa. Palautteista kootaan lukukausittain yhteenveto johtoryhmälle, ja niiden perusteella tehdyistä parannuksista kerrotaan kotisivuilla.

## Muut palautekanavat

Palautetta voi antaa myös Wilman viestillä, sähköpostitse tai suullisesti kenelle tahansa henkilökunnan jäsenelle. Opiskelijat vastaavat lisäksi Arvo-palvelun AMIS-kyselyihin opintojen alussa ja lopussa, ja työpaikat vastaavat työelämäpalautteen kyselyihin.

## Tietosuoja

Lomakkeella annettuja henkilötietoja käytetään ainoastaan palautteen käsittelyyn ja siihen vastaamiseen. Tarkemmat tiedot käsittelystä löytyvät palauterekisterin tietosuojaselosteesta.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2019-04-01",
                "effective_from": "2019-04-08",
            },
            {
                "label": "2.0",
                "title": "Palautelomake",
                "body": """## Lomakkeen käyttö

Palautelomakkeella opiskelijat, huoltajat, työpaikat ja muut yhteistyökumppanit voivat antaa palautetta Kainuun ammattiopiston toiminnasta. Lomake on saatavilla KAO:n kotisivuilla ja Wilmassa. Henkilökunta käyttää samaa lomaketta kirjatessaan suullisesti saamaansa palautetta. Palaute käsitellään asiakaspalautteen käsittelyprosessin mukaisesti.

## Lomakkeen kentät

1. **Palautteen antaja**: opiskelija, huoltaja, työpaikka tai työpaikkaohjaaja, henkilöstö, muu.
2. **Palautteen kohde**: yksikkö tai palvelu (Opintopalvelut, Tekniikka ja liikenne, Sosiaali- ja terveysala, Palvelualat, Tukipalvelut, opiskelijaravintola, asuntola).
3. **Palautteen tyyppi**: kiitos, kehittämisehdotus, moite, kysymys tai turvallisuushavainto.
4. **Palaute**: vapaa teksti, enintään 4 000 merkkiä.
5. **Liite**: valokuva tai tiedosto, enintään 5 Mt (vapaaehtoinen).
6. **Haluan vastauksen**: kyllä / ei. Jos valitset kyllä, anna nimi ja sähköpostiosoite tai puhelinnumero.
7. **Nimetön palaute**: voit jättää palautteen myös nimettömänä.

## Mitä palautteelle tapahtuu

Laatuvastaava kirjaa palautteen ja ohjaa sen yksikköön seuraavana arkipäivänä. Jos pyysit vastausta, saat sen viiden arkipäivän kuluessa. Palautteista kootaan neljännesvuosittain yhteenveto johtoryhmälle.

Arvioinnin oikaisupyyntöjä ja opiskelijavalintaa koskevia oikaisuvaatimuksia ei tehdä tällä lomakkeella; niistä saat ohjeet opintotoimistosta.

## Muut palautekanavat

Palautetta voi antaa myös Wilman viestillä, sähköpostitse tai suullisesti kenelle tahansa henkilökunnan jäsenelle. Opiskelijat vastaavat lisäksi Arvo-palvelun AMIS-kyselyihin opintojen alussa ja lopussa, ja työpaikat vastaavat työelämäpalautteen kyselyihin.

## Tietosuoja

Lomakkeella annettuja henkilötietoja käytetään ainoastaan palautteen käsittelyyn ja siihen vastaamiseen. Tarkemmat tiedot löytyvät palauterekisterin tietosuojaselosteesta.""",
                "change_summary": "Lomake uudistettu asiakaspalautteen käsittelyprosessin version 2.0 mukaiseksi: lisätty kentät Haluan vastauksen, liite ja nimetön palaute sekä palautetyyppi turvallisuushavainto; vastausaika lyhennetty viiteen arkipäivään; kohdevalikko päivitetty yksikkörakenteen mukaiseksi.",
                "author": "laatu",
                "approvers": ["rehtori"],
                "approved_at": "2023-05-08",
                "effective_from": "2023-05-15",
            },
        ],
    },
    {
        "type": "LO",
        "unit": "OPPI",
        "owner": "kirjoittaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["poissaolot", "lomake", "opiskelijat"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Poissaoloilmoitus",
                "body": """## Ohje opiskelijalle

Täytä poissaoloilmoitus ennalta tiedossa olevasta poissaolosta, esimerkiksi perhesyystä, urheilukilpailusta tai ajokokeesta. Palauta lomake ryhmänohjaajalle vähintään viisi arkipäivää ennen poissaoloa. Äkillisestä sairastumisesta ei täytetä lomaketta, vaan siitä ilmoitetaan ryhmänohjaajalle Wilman viestillä ennen opetuksen alkua. Poissaoloja käsitellään opiskelijan poissaolojen käsittelyä koskevan toimintaohjeen mukaisesti.

Jos poissaolo kestää yli viikon, sovi etukäteen opinto-ohjaajan kanssa, miten opintosi etenevät poissaolon aikana ja onko henkilökohtaista osaamisen kehittämissuunnitelmaa (HOKS) tarpeen päivittää.

## Lomakkeen kentät

1. Opiskelijan nimi, opiskelijanumero ja ryhmätunnus.
2. Poissaolon alkamis- ja päättymispäivä sekä poissaolon kesto oppitunteina.
3. Poissaolon syy: perhesyy, harrastus tai kilpailu, ajokortti, muu (mikä?).
4. Miten korvaat poissaolon aikana menetetyn opetuksen; kirjaa, mistä olet sopinut opettajien kanssa.
5. Opiskelijan allekirjoitus ja päiväys.
6. Alle 18-vuotiaan opiskelijan huoltajan allekirjoitus.

## Päätös (täyttää ryhmänohjaaja tai koulutuspäällikkö)

- Poissaolo hyväksytty / ei hyväksytty, perustelu.
- Enintään kolmen päivän poissaolosta päättää ryhmänohjaaja, pidemmästä koulutuspäällikkö.
- Päättäjän nimi, allekirjoitus ja päiväys.
- Merkintä Wilmaan tehty (päiväys).

## Säilytys

Ryhmänohjaaja säilyttää hyväksytyt lomakkeet lukitussa kaapissa kuluvan ja seuraavan lukuvuoden ajan, minkä jälkeen ne hävitetään tietosuojajätteenä.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["rehtori"],
                "approved_at": "2019-08-02",
                "effective_from": "2019-08-09",
            },
            {
                "label": "1.1",
                "title": "Poissaoloilmoitus",
                "body": """## Ohje opiskelijalle

Täytä poissaoloilmoitus ennalta tiedossa olevasta poissaolosta, esimerkiksi perhesyystä, urheilukilpailusta tai ajokokeesta. Palauta lomake ryhmänohjaajalle vähintään kolme arkipäivää ennen poissaoloa. Äkillisestä sairastumisesta ei täytetä lomaketta, vaan siitä ilmoitetaan ryhmänohjaajalle Wilman viestillä ennen opetuksen alkua. Poissaoloja käsitellään opiskelijoiden poissaolojen käsittelyä koskevan toimintaohjeen mukaisesti.

Jos poissaolo kestää yli viikon, sovi etukäteen opinto-ohjaajan kanssa, miten opintosi etenevät poissaolon aikana ja onko henkilökohtaista osaamisen kehittämissuunnitelmaa (HOKS) tarpeen päivittää.

## Lomakkeen kentät

1. Opiskelijan nimi, opiskelijanumero ja ryhmätunnus.
2. Poissaolon alkamis- ja päättymispäivä sekä poissaolon kesto oppitunteina.
3. Poissaolon syy: perhesyy, harrastus tai kilpailu, ajokortti, muu (mikä?).
4. Miten korvaat poissaolon aikana menetetyn opetuksen; kirjaa, mistä olet sopinut opettajien kanssa.
5. Opiskelijan allekirjoitus ja päiväys.
6. Huoltajan allekirjoitus, jos opiskelija on alle 18-vuotias tai oppivelvollinen.

## Päätös (täyttää ryhmänohjaaja tai koulutuspäällikkö)

- Poissaolo hyväksytty / ei hyväksytty, perustelu.
- Enintään kolmen päivän poissaolosta päättää ryhmänohjaaja, pidemmästä koulutuspäällikkö.
- Päättäjän nimi, allekirjoitus ja päiväys.
- Merkintä Wilmaan tehty (päiväys).

## Säilytys

Ryhmänohjaaja säilyttää hyväksytyt lomakkeet lukitussa kaapissa kuluvan ja seuraavan lukuvuoden ajan, minkä jälkeen ne hävitetään tietosuojajätteenä.""",
                "change_summary": "Palautusaika lyhennetty viidestä kolmeen arkipäivään toimintaohjeen mukaisesti; huoltajan allekirjoitus vaaditaan myös oppivelvolliselta.",
                "author": "kirjoittaja",
                "approvers": ["laatu"],
                "approved_at": "2021-07-26",
                "effective_from": "2021-08-02",
            },
            {
                "label": "2.0",
                "title": "Poissaoloilmoitus",
                "body": """## Ohje opiskelijalle

Poissaoloilmoitus tehdään Wilmassa kohdassa Lomakkeet > Poissaoloilmoitus. Tee ilmoitus ennalta tiedossa olevasta poissaolosta, esimerkiksi perhesyystä, urheilukilpailusta tai ajokokeesta, vähintään kolme arkipäivää ennen poissaoloa. Äkillisestä sairastumisesta ei tehdä ilmoitusta lomakkeella, vaan siitä kerrotaan ryhmänohjaajalle Wilman viestillä ennen opetuksen alkua.

Jos poissaolo kestää yli viikon, sovi etukäteen opinto-ohjaajan kanssa, miten opintosi etenevät poissaolon aikana ja onko henkilökohtaista osaamisen kehittämissuunnitelmaa (HOKS) tarpeen päivittää.

## Lomakkeen kentät

1. Opiskelijan tiedot täyttyvät Wilmasta automaattisesti.
2. Poissaolon alkamis- ja päättymispäivä sekä kesto oppitunteina.
3. Poissaolon syy: perhesyy, harrastus tai kilpailu, ajokortti, muu (mikä?).
4. Miten korvaat menetetyn opetuksen; kirjaa, mistä olet sopinut opettajien kanssa.
5. Jos poissaolo osuu työpaikalla järjestettävän koulutuksen jaksolle: työpaikkaohjaajan nimi ja tieto siitä, että poissaolosta on sovittu työpaikan kanssa.

## Huoltajan hyväksyntä

Jos opiskelija on alle 18-vuotias tai oppivelvollinen, Wilma lähettää ilmoituksen huoltajalle hyväksyttäväksi ennen kuin se siirtyy ryhmänohjaajalle.

## Päätös

Enintään kolmen päivän poissaolosta päättää ryhmänohjaaja, pidemmästä koulutuspäällikkö. Päätös ja mahdollinen perustelu näkyvät opiskelijalle ja huoltajalle Wilmassa, ja hyväksytty poissaolo merkitään automaattisesti luvalliseksi poissaoloksi.

## Säilytys

Ilmoitukset säilyvät Wilmassa kuluvan ja seuraavan lukuvuoden ajan. Paperisia lomakkeita ei enää käytetä.""",
                "change_summary": "Lomake siirretty paperilta Wilman sähköiseksi lomakkeeksi; huoltajan hyväksyntä tehdään Wilmassa; lisätty kenttä työpaikalla järjestettävän koulutuksen jaksolle osuvista poissaoloista.",
                "author": "kirjoittaja",
                "approvers": ["laatu", "rehtori"],
                "approved_at": "2024-08-05",
                "effective_from": "2024-08-12",
            },
        ],
    },
    {
        "type": "LO",
        "unit": "TUKI",
        "owner": "kirjoittaja",
        "visibility": "internal",
        "audience_units": [],
        "tags": ["läheltä piti", "työturvallisuus", "vaaratilanne", "lomake"],
        "goals": [],
        "versions": [
            {
                "label": "1.0",
                "title": "Läheltä piti -ilmoitus",
                "body": """## Mikä on läheltä piti -tilanne?

Läheltä piti -tilanne on tapahtuma, jossa kukaan ei loukkaantunut eikä omaisuutta vahingoittunut, mutta niin olisi voinut käydä. Esimerkkejä ovat liukastuminen märällä lattialla, työstökoneesta irronnut kappale tai väärin säilytetty kemikaali. Ilmoittamalla autat ehkäisemään tapaturmia. Työturvallisuuslaki (738/2002) velvoittaa ilmoittamaan havaituista vaaroista ja puutteista. Täytä ilmoitus samana päivänä ja toimita se työsuojelupäällikölle sähköpostilla tai intranetin lomakkeella.

## Ilmoittajan täyttämät kentät

1. Ilmoittaja: opiskelija, henkilöstö tai muu. Nimen antaminen on vapaaehtoista.
2. Tapahtuma-aika ja -paikka (rakennus, tila, työpiste).
3. Mitä tapahtui?
4. Mitä olisi voinut seurata?
5. Mistä tilanne mielestäsi johtui?
6. Mitä tehtiin heti tilanteen jälkeen?
7. Ehdotuksesi vastaavan tilanteen estämiseksi.

## Käsittely (täyttää työsuojelupäällikkö)

- Vastaanottopäivä ja käsittelijä.
- Riskin arvio: vähäinen, kohtalainen tai merkittävä.
- Korjaava toimenpide, vastuuhenkilö ja määräaika.
- Palaute ilmoittajalle annettu (päiväys); palaute annetaan kahden viikon kuluessa, jos ilmoittaja on antanut yhteystietonsa.

## Seuranta

Työsuojelupäällikkö käsittelee ilmoitukset työsuojelutoimikunnassa kuukausittain. Ilmoitusten määrä ja riskiluokat raportoidaan toiminnan ohjauksen mittaristoon. Merkittävät havainnot ja niiden perusteella tehdyt muutokset tiedotetaan henkilöstölle ja opiskelijoille.""",
                "change_summary": "Ensimmäinen versio.",
                "author": "kirjoittaja",
                "approvers": ["laatu", "rehtori"],
                "approved_at": "2020-10-05",
                "effective_from": "2020-10-12",
            },
        ],
    },
]

# Shown as withdrawn in the demo; keyed by the document's latest version title.
WITHDRAWN = {
    "Asiakirjojen arkistointi": "Korvattu uudella ohjeella: arkistointi ja asiakirjojen säilytysajat hoidetaan 1.1.2026 alkaen koulutuksen järjestäjän yhteisen tiedonohjaussuunnitelman ja sähköisen arkiston käyttöohjeen mukaisesti.",
}

# Open drafts in progress; document_title is the latest title of an existing document.
DRAFTS = [
    {
        "document_title": "Opiskelijoiden poissaolojen käsittely",
        "author": "kirjoittaja",
        "title": "Opiskelijoiden poissaolojen käsittely",
        "body": """## Tarkoitus

Ohje yhtenäistää opiskelijoiden poissaolojen kirjaamisen, seurannan ja niihin puuttumisen. Poissaoloihin puututaan varhain, koska runsaat selvittämättömät poissaolot ennakoivat usein opintojen keskeyttämistä.

## Poissaolojen kirjaaminen

- Opettaja merkitsee poissaolot Wilmaan saman päivän aikana, viimeistään kello 16. Työpaikalla järjestettävässä koulutuksessa työpaikkaohjaaja ilmoittaa poissaolosta opettajalle, joka tekee merkinnän.
- Sairastuessaan opiskelija ilmoittaa poissaolosta Wilmassa ennen opetuksen alkua. Alaikäisen opiskelijan puolesta ilmoituksen tekee huoltaja.
- Ennalta tiedossa olevasta poissaolosta opiskelija jättää Poissaoloilmoitus-lomakkeen Wilmassa vähintään kolme arkipäivää ennen poissaoloa.

## Automaattinen poissaoloseuranta

Wilma lähettää ryhmänohjaajalle automaattisen ilmoituksen, kun opiskelijalle on kertynyt yli kahdeksan tuntia selvittämättömiä poissaoloja neljän viikon aikana. Ryhmänohjaaja ottaa yhteyttä opiskelijaan ja alaikäisen huoltajaan kolmen arkipäivän kuluessa ilmoituksesta.

## Pitkät sairauspoissaolot

Jos opiskelija on sairauden vuoksi poissa yli kaksi viikkoa, omaopettaja päivittää HOKSin yhdessä opiskelijan kanssa ja sopii, miten opinnot jatkuvat.

## Oppivelvolliset opiskelijat

Jos oppivelvollinen on poissa ilman hyväksyttävää syytä kolmena peräkkäisenä päivänä, ryhmänohjaaja ottaa välittömästi yhteyttä opiskelijaan ja huoltajaan (oppivelvollisuuslaki 1214/2020). Eroamisesta ilmoitetaan viipymättä kotikunnalle.

## Eronneeksi katsominen

Opiskelija, joka ei ole osallistunut opetukseen eikä ilmoittanut poissaolostaan, voidaan katsoa eronneen lain ammatillisesta koulutuksesta (531/2017) mukaisesti. Opiskelijaa kuullaan ennen päätöstä.""",
        "change_summary": "Luonnos: Wilman automaattinen poissaoloilmoitus ryhmänohjaajalle; puuttumisraja muutettu 10 tunnista kuukaudessa kahdeksaan tuntiin neljän viikon aikana; lisätty luku pitkistä sairauspoissaoloista ja HOKSin päivittämisestä.",
    },
    {
        "document_title": "Ensiapuohje",
        "author": "kirjoittaja",
        "title": "Ensiapuohje",
        "body": """## Toimintajärjestys onnettomuudessa

1. Arvioi tilanne ja turvaa ensin oma ja muiden turvallisuus.
2. Tee hätäilmoitus numeroon 112, jos tilanne on vakava.
3. Anna ensiapua ja pysy autettavan luona.
4. Ilmoita tapahtuneesta opettajalle tai rakennuksen ensiapuvastaavalle.

## Hätäilmoitus

Soita 112 mieluiten 112 Suomi -sovelluksella, jolloin sijaintisi välittyy hätäkeskukseen. Kerro mitä on tapahtunut, tarkka osoite ja rakennus sekä loukkaantuneiden määrä. Älä sulje puhelinta ennen kuin saat siihen luvan.

## Elvytys

Jos henkilö ei herää eikä hengitä normaalisti, soita 112 ja aloita painelu-puhalluselvytys rytmillä 30:2. Pyydä joku hakemaan defibrillaattori. Defibrillaattorit ovat pääaulassa, liikuntasalin käytävällä, tekniikan rakennuksen aulassa ja opetusravintolan eteisessä.

## Aivoverenkiertohäiriön tunnistaminen

Äkillinen toispuoleinen halvaus, suupielen roikkuminen tai puheen puuroutuminen voivat olla aivoinfarktin merkkejä. Muista muistisääntö: kasvot, käsi, puhe, aika. Soita heti 112 ja kerro oireiden alkamisaika, sillä hoidon onnistuminen riippuu nopeudesta.

## Vaikea allerginen reaktio

Jos henkilöllä on nopeasti kehittyvä hengenahdistus tai turvotusta allergeenille altistumisen jälkeen, soita 112 ja auta häntä käyttämään omaa adrenaliinikynäänsä.

## Ensiapuvastaavat

Jokaiseen rakennukseen nimetään ensiapuvastaava ja varahenkilö, joiden nimet ovat ensiapukaapin ovessa. Ensiapuvastaava tarkastaa kaapit kerran lukukaudessa.

## Jälkitoimet

Opiskelijan tapaturmasta ilmoitetaan terveydenhoitajalle ja koulutuspäällikölle, ja vakuutusyhtiölle tehdään tapaturmailmoitus. Vaaratilanteista täytetään Läheltä piti -ilmoitus.""",
        "change_summary": "Luonnos: lisätty aivoverenkiertohäiriön tunnistaminen ja rakennuskohtaiset ensiapuvastaavat; ensiapukaappien tarkastus siirretty ensiapuvastaaville.",
    },
]
