"""Realistic Dutch company names for the synthetic benchmark data, and name query mixes.

``NameGenerator(rng).company(sbi_code, pc4, one_person=...)`` gives a company its statutory name
and 0-2 extra trade names. The parts are drawn as Dutch firms are named: a trade word from the
company's own SBI 2025 code (hand-set words per division or group, else nouns from the code's
title), a surname (a hand list of common Dutch surnames with tussenvoegsels, Zipf-weighted so
"de Jong" and "Jansen" repeat a lot, plus composed rarer ones), the place of its PC4 area, a
first name, a fantasy or English word, and a legal suffix. The word tables are built once per
process; a name costs a handful of random draws.

``name_queries(rng, names, count, mix=...)`` turns names that exist in the data into what people
type: one typo, a dropped word, swapped order, lost accents, an abbreviation ("vd", "Gebr."),
the exact name, and, in the "api" mix, the start of a name as typed in a search box.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from bisect import bisect
from collections import Counter
from functools import cache

from samenwerkwijzer.reference import catalog

# Most common first (rough order of the Dutch surname counts); weight 1 / (rank + 1) ** 0.8.
SURNAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs",
    "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin",
    "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas",
    "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Jonge",
    "Kuipers", "van Veen", "Post", "Kuiper", "Veenstra", "Kramer", "van den Brink", "Scholten", "van Wijk",
    "Postma", "Martens", "Vink", "de Ruiter", "Timmermans", "Groen", "Gerritsen", "Jonker", "van Loon",
    "Boer", "van der Velde", "Willemsen", "Smeets", "de Lange", "de Vos", "Bosch", "van Dongen", "Schipper",
    "de Koning", "van der Laan", "Koning", "van der Velden", "Driessen", "van Doorn", "Hermans", "Evers",
    "van den Bosch", "van der Meulen", "Hofman", "Bosman", "Wolters", "Sanders", "van der Horst", "Mol",
    "Kuijpers", "Molenaar", "van de Pol", "de Leeuw", "Verbeek", "van der Molen", "Y\u0131lmaz", "Kaya",
    "Nguyen", "Şahin", "Öztürk", "Çelik", "Demir", "El Amrani", "Bennani", "Müller", "Schröder", "in 't Veld",
    "van 't Hof", "'t Hart", "ter Horst", "ten Have", "op den Kamp", "uit den Bogaard", "van der Sluis",
    "van Rijn", "ter Braak", "ten Brink", "in 't Zand", "van 't Zelfde", "van Oosten", "Claassen", "Pronk",
    "Hoogeveen", "Wijnands", "Brinkman", "Zijlstra", "Veldhuis", "Mertens", "Wouters", "Gerrits",
    "Verschuren", "Lammers", "van Es", "van Rooij", "van Gils", "Boersma", "Huijbregts", "van Hout",
    "Stam", "van Egmond", "Kroon", "Dirksen", "Ruiter", "Verweij", "Koopman", "Hoogendoorn", "Bouwman",
    "de Kock", "Biesheuvel", "van Schaik", "Wagenaar", "Spijkerman", "van Wijngaarden", "Bakkers",
    "van Beers", "Arts", "Rutten", "Lambregts", "Nijhuis", "Oosterhuis", "Wessels", "Zwart", "Hoek",
    "van Zanten", "Roelofs", "van Rossum", "de Hoog", "Klein", "van den Hoek", "Boomsma", "Leenders",
    "Jongman", "Siebring", "Tuinstra", "Wijers", "Heijnen", "Geurts", "Loman", "Bruggeman", "Thijssen",
    "Groenewegen", "van Kampen", "Sluiter", "Dijkman", "Hoogland", "Pieters", "Riemersma",
    "Coenen", "de Rooij", "van Os", "Breedveld", "Poot", "van Ommen", "Kerkhof", "Renes",
)  # fmt: skip
TUSSENVOEGSELS = frozenset({"van", "de", "der", "den", "het", "'t", "in", "op", "uit", "ter", "ten", "te", "el"})
_SURNAME_HEADS = (
    "Oost", "West", "Noord", "Zuid", "Groot", "Klein", "Hoog", "Nieuw", "Oud", "Zand", "Klaas", "Wouter",
    "Kroon", "Vel", "Rijk", "Hey", "Mars", "Zwart", "Wit", "Rood", "Bree", "Ham", "Smal", "Lang", "Stolk",
    "Holt", "Ros", "Berk", "Eik", "Linde", "Wil", "Esch", "Bleek", "Brom", "Dros",
)  # fmt: skip
_SURNAME_TAILS = (
    "berg", "veen", "hout", "brink", "dijk", "kamp", "horst", "wal", "hof", "broek", "meer", "laan",
    "heuvel", "bosch", "beek", "huis", "velde", "dam", "donk",
    "voort", "weg", "hoek", "rode", "loo", "stein", "boom", "werf",
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Emma", "Sanne", "Lisa", "Linda", "Marieke", "Ingrid", "Petra", "Monique", "Jan", "Peter", "Kees",
    "Henk", "Johan", "Mark", "Erik", "Sophie", "Julia", "Fleur", "Noor", "Esther", "Sandra", "Dennis", "Bas",
    "Tom", "Thijs", "René", "Renée", "André", "Chloë", "Zoë", "Noël", "José", "Inès", "Fatima", "Mohammed",
    "Ahmed", "Ilse", "Anouk", "Romy", "Kim", "Nicole", "Astrid", "Mieke", "Wim", "Gerrit", "Hans", "Frank",
    "Rob", "Marco", "Jeroen", "Daan", "Mila", "Yara", "Joost", "Ruud", "Sven", "Ellen", "Loes", "Jolanda",
)  # fmt: skip
FANTASY = (
    "'t Hoekje", "De Hoop", "De Eendracht", "Het Anker", "De Molen", "De Linde", "'t Pleintje", "De Zwaan",
    "De Gouden Leeuw", "Vooruit", "Nova", "Prisma", "Aurora", "Zenit", "Horizon", "Optimaal", "Eureka",
    "Delta", "Noordster", "Vitaal", "Prima", "Élan", "Première", "Crème de la Crème", "Bon Appétit",
    "Façade", "Entrée", "Reünie", "Smart", "Green", "Blue Ocean", "Prime", "Total", "Next Level", "Fresh",
    "Solid", "Nexus", "Orion", "Atlas", "Kompas", "Het Centrum", "De Kroon", "De Sleutel", "Zonnestraal",
)  # fmt: skip
ENGLISH_TAILS = ("Solutions", "Services", "Group", "Partners", "Projects", "Support", "Company", "& Co")
# Words people know a firm by, per SBI 2025 division or group (the longest matching prefix wins).
TRADE_WORDS = {
    "01": ("Kwekerij", "Akkerbouw", "Tuinderij", "Landbouwbedrijf"), "012": ("Fruitteelt", "Fruitbedrijf"),
    "013": ("Kwekerij", "Boomkwekerij"), "014": ("Veehouderij", "Melkveebedrijf", "Varkenshouderij",
    "Pluimveebedrijf"), "015": ("Boerderij", "Maatschap"), "016": ("Loonbedrijf", "Agrarisch Loonwerk"),
    "02": ("Bosbouw", "Boomverzorging"), "03": ("Visserij", "Viskwekerij"), "05": ("Delfstoffen",),
    "06": ("Energy", "Olie en Gas"), "07": ("Mining",), "08": ("Zandwinning", "Grondstoffen"),
    "09": ("Boortechniek", "Offshore Services"), "10": ("Voedingsmiddelen", "Food"),
    "101": ("Slagerij", "Vleeswaren"), "102": ("Visverwerking", "Vishandel"), "105": ("Zuivel", "Kaasmakerij"),
    "107": ("Bakkerij", "Banketbakkerij", "Broodbakkerij", "Pâtisserie"), "1082": ("Chocolaterie",),
    "11": ("Brouwerij", "Stokerij", "Distilleerderij"), "12": ("Tabak",), "13": ("Textiel", "Weverij"),
    "14": ("Kleding", "Confectie", "Atelier"), "15": ("Lederwaren", "Schoenmakerij"),
    "16": ("Houtbewerking", "Timmerfabriek", "Houthandel"), "17": ("Papierwaren", "Verpakkingen"),
    "18": ("Drukkerij", "Drukwerk", "Grafisch Bedrijf"), "19": ("Petrochemie",), "20": ("Chemie", "Coatings"),
    "21": ("Pharma", "Farma"), "22": ("Kunststoffen", "Kunststoftechniek"), "23": ("Betonwaren", "Glas"),
    "237": ("Natuursteen", "Steenhouwerij"), "24": ("Metaal", "Staal"),
    "25": ("Metaalbewerking", "Constructiebedrijf", "Staalbouw", "Machinefabriek"),
    "26": ("Elektronica", "Electronics"), "27": ("Elektrotechniek",), "28": ("Machinebouw", "Engineering"),
    "29": ("Carrosseriebouw", "Automotive"), "30": ("Scheepswerf", "Jachtbouw"),
    "31": ("Meubelmakerij", "Meubelen", "Interieurbouw"), "32": ("Edelsmederij",), "321": ("Juwelier",),
    "33": ("Technische Dienst", "Service en Onderhoud"), "35": ("Energie", "Zonne-energie", "Energy"),
    "36": ("Waterbedrijf",), "37": ("Rioolservice",), "38": ("Recycling", "Containerservice", "Afvalverwerking"),
    "39": ("Sanering", "Milieutechniek"), "41": ("Bouwbedrijf", "Aannemersbedrijf", "Bouw", "Bouwgroep"),
    "42": ("Grond-, Weg- en Waterbouw", "Wegenbouw", "Infra", "Grondwerken"),
    "431": ("Sloopwerken", "Grondverzet"),
    "432": ("Installatietechniek", "Installatiebedrijf", "Elektrotechniek", "Loodgietersbedrijf",
            "Klimaattechniek", "Zonnepanelen"),
    "433": ("Schilderwerken", "Schildersbedrijf", "Stukadoorsbedrijf", "Tegelwerken", "Afbouw", "Vloeren"),
    "43": ("Bouwservice", "Bouwbedrijf"), "435": ("Funderingstechniek", "Infra"),
    "434": ("Dakdekkersbedrijf", "Daktechniek", "Metselwerken", "Timmerwerken"), "439": ("Klussenbedrijf",),
    "46": ("Groothandel", "Trading", "Import en Export", "Handelsonderneming"), "463": ("Foodservice",),
    "47": ("Winkel", "Shop", "Webshop"), "471": ("Supermarkt",), "472": ("Delicatessen", "Slijterij"),
    "4776": ("Bloemsierkunst", "Bloemenhuis"), "4771": ("Mode", "Boutique"), "478": ("Autobedrijf", "Garage"),
    "49": ("Transport", "Transportbedrijf", "Logistics", "Expeditie"), "493": ("Taxi", "Touringcars"),
    "4942": ("Verhuizingen", "Verhuisbedrijf"), "50": ("Scheepvaart", "Rederij", "Binnenvaart"),
    "51": ("Aviation",), "52": ("Logistiek", "Opslag", "Warehousing"), "53": ("Koeriersdienst", "Express"),
    "55": ("Hotel", "Pension", "Bed & Breakfast", "Hôtel"), "553": ("Camping", "Recreatiepark"),
    "56": ("Restaurant", "Café", "Eetcafé", "Brasserie", "Cafetaria", "Lunchroom", "Pizzeria", "Crêperie"),
    "562": ("Catering", "Partyservice"), "563": ("Café", "Bar", "Grand Café", "Proeflokaal"),
    "58": ("Uitgeverij", "Publishing"), "582": ("Software", "Apps"), "59": ("Filmproducties", "Productions"),
    "60": ("Media", "Radio"), "61": ("Telecom", "Connect"),
    "62": ("ICT", "IT Solutions", "Software", "Automatisering", "Digital", "Webdesign"), "63": ("Hosting", "Data"),
    "64": ("Financieringen", "Investments", "Participaties", "Capital"), "642": ("Holding", "Beheer"),
    "65": ("Verzekeringen", "Assurantiën"), "66": ("Financieel Advies", "Hypotheken", "Assurantiën"),
    "68": ("Vastgoed", "Onroerend Goed", "Real Estate", "Projectontwikkeling"),
    "683": ("Makelaardij", "Makelaars", "Vastgoedbeheer"),
    "691": ("Advocaten", "Advocatenkantoor", "Notariaat", "Juridisch Advies"),
    "692": ("Administratiekantoor", "Accountants", "Belastingadvies", "Boekhouding"),
    "70": ("Advies", "Consultancy", "Management", "Interim Management"), "701": ("Holding", "Beheer", "Groep"),
    "71": ("Ingenieursbureau", "Architecten", "Engineering", "Bouwadvies"), "712": ("Keuringen", "Inspectie"),
    "72": ("Research", "Laboratorium"), "73": ("Reclamebureau", "Marketing", "Communicatie", "Creative"),
    "741": ("Design", "Ontwerp", "Interieurontwerp"), "742": ("Fotografie", "Photography", "Fotostudio"),
    "743": ("Vertalingen", "Vertaalbureau"), "749": ("Advies", "Projecten", "Services"),
    "75": ("Dierenartsenpraktijk", "Dierenkliniek"), "77": ("Verhuur", "Lease", "Rental"),
    "78": ("Uitzendbureau", "Personeelsdiensten", "Recruitment", "Detachering"),
    "79": ("Reisbureau", "Reizen", "Travel"), "80": ("Beveiliging", "Security", "Recherchebureau"),
    "81": ("Facility Services",), "812": ("Schoonmaakbedrijf", "Glazenwassersbedrijf", "Cleaning"),
    "813": ("Hoveniersbedrijf", "Tuinonderhoud", "Groenvoorziening"),
    "82": ("Secretariaatsdiensten", "Office Services", "Callcenter"), "823": ("Events", "Evenementen"),
    "84": ("Dienst", "Samenwerkingsverband"), "85": ("Opleidingen", "Training", "Academy", "Bijles"),
    "855": ("Rijschool", "Muziekschool", "Dansschool", "Taleninstituut"),
    "86": ("Huisartsenpraktijk", "Tandartspraktijk", "Kliniek", "Mondzorg"),
    "869": ("Fysiotherapie", "Praktijk", "Psychologenpraktijk", "Podotherapie"),
    "87": ("Zorgcentrum", "Woonzorg", "Zorg"), "88": ("Thuiszorg", "Zorg", "Welzijn", "Begeleiding"),
    "889": ("Kinderopvang", "Gastouderbureau"), "90": ("Producties", "Theater", "Atelier", "Muziek"),
    "91": ("Museum", "Erfgoed"), "92": ("Gaming", "Casino"), "93": ("Sportschool", "Fitness", "Sportcentrum"),
    "94": ("Vereniging", "Belangenvereniging"), "95": ("Reparatie", "Servicecentrum"),
    "951": ("Computerservice", "Telefoonreparatie"), "953": ("Autobedrijf", "Garage", "Autoservice"),
    "96": ("Services", "Diensten"), "961": ("Wasserette", "Stomerij"),
    "962": ("Kapsalon", "Kapper", "Hairstyling", "Schoonheidssalon", "Nagelstudio", "Barbershop", "Haarmode"),
    "963": ("Uitvaartverzorging",), "969": ("Coaching", "Massagepraktijk", "Yoga"),
    "97": ("Huishoudelijke Hulp",), "98": ("Huishouden",), "99": ("Vertegenwoordiging",),
}  # fmt: skip
REGIONAL = {
    "Zeeland": "Zeeuwse", "Noord-Brabant": "Brabantse", "Fryslân": "Friese", "Limburg": "Limburgse",
    "Noord-Holland": "Hollandse", "Zuid-Holland": "Hollandse", "Drenthe": "Drentse", "Groningen": "Groninger",
    "Overijssel": "Twentse", "Gelderland": "Gelderse", "Utrecht": "Utrechtse", "Flevoland": "Flevolandse",
}  # fmt: skip
PLACE_ALIASES = {"'s-Gravenhage": "Den Haag", "'s-Hertogenbosch": "Den Bosch"}
DISTRICTS = ("Noord", "Zuid", "Oost", "West", "Centrum")
_TITLE_HEADS = re.compile(
    r"^(?:Vervaardiging|Groothandel|Detailhandel|Teelt|Reparatie|Verhuur|Handel|Fokken|Houden|Productie|"
    r"Winning|Verwerking)\b.*? (?:van|in) (.+)$"
)
_NOT_NOUNS = frozenset({
    "overige", "overig", "andere", "houten", "stalen", "gebruikte", "nieuwe", "diverse", "algemene", "bijbehorende",
    "soortgelijke", "dergelijke", "samengestelde", "gespecialiseerde", "eigen", "grote", "artikelen", "producten",
    "materialen", "goederen", "apparaten", "gebruik", "toepassing", "onderdelen", "toebehoren", "benodigdheden",
    "assortiment", "apparatuur",
})  # fmt: skip
_ADJECTIVE_ENDS = ("isch", "ieel", "lijk", "ische", "ele", "aire")

# Query kinds; the "benchmark" mix spreads evenly over QUERY_KINDS, the "api" mix adds "partial".
QUERY_KINDS = ("exact", "typo", "dropped_word", "swapped", "accents_lost", "abbreviation")
API_WEIGHTS = {
    "exact": 20, "partial": 25, "typo": 15, "dropped_word": 10, "swapped": 5, "accents_lost": 10, "abbreviation": 15,
}  # fmt: skip
LEGAL_WORDS = frozenset({"B.V.", "V.O.F.", "C.V.", "N.V.", "U.A.", "Zn."})
ACCENTED = {"Cafe": "Café", "Hotel": "Hôtel", "Cooperatie": "Coöperatie", "Patisserie": "Pâtisserie",
            "Creperie": "Crêperie", "Reunie": "Reünie", "Entree": "Entrée", "Premiere": "Première"}  # fmt: skip


def _cum(weights) -> list[float]:
    return list(itertools.accumulate(weights))


def _title_nouns(title: str) -> tuple[str, ...]:
    """The goods of a title like "Detailhandel in fietsen" or "Vervaardiging van deuren en kozijnen"."""
    match = _TITLE_HEADS.match(re.sub(r"\(.*?\)|n\.e\.g\.|;.*$", "", title).strip(" ,"))
    if not match:
        return ()
    goods = re.split(r" (?:voor|met|op|in|inclusief|ten|die|uit|zonder) ", match.group(1))[0]
    nouns = []
    for part in re.split(r",| en | of | van ", goods):
        words = part.split()
        word = words[-1].lower() if words else ""
        if len(word) >= 5 and word.isalpha() and word not in _NOT_NOUNS and not word.endswith(_ADJECTIVE_ENDS):
            noun = "IJ" + word[2:] if word.startswith("ij") else word.capitalize()
            if noun not in nouns:
                nouns.append(noun)
    if not nouns:
        return ()
    return (nouns[0], f"{nouns[0]} en {nouns[1]}") if len(nouns) > 1 else (nouns[0],)


def _hand_words(code: str) -> tuple[str, ...]:
    return next((TRADE_WORDS[code[:n]] for n in (4, 3, 2) if code[:n] in TRADE_WORDS), ())


@cache
def _tables() -> dict:
    """The word tables, built once per process."""
    codes = catalog.sbi_codes()
    trade: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for code, item in codes.items():
        if not code.isdigit():
            continue
        trade[code] = (_hand_words(code), _title_nouns(item.title_nl))
    areas = catalog.pc4_areas()
    per_place = Counter(area.place_name for area in areas.values())
    places = {
        pc4: (PLACE_ALIASES.get(area.place_name, area.place_name), per_place[area.place_name] >= 15,
              REGIONAL.get(area.province, "Hollandse"))
        for pc4, area in areas.items()
    }  # fmt: skip
    composed = [
        f"{prefix}{head}{tail}" for prefix in ("", "", "", "van ", "ter ", "van de ", "van der ", "ten ")
        for head in _SURNAME_HEADS for tail in _SURNAME_TAILS
    ]  # fmt: skip
    return {
        "trade": trade,
        "places": places,
        "surnames": SURNAMES,
        "surname_cum": _cum(1 / (rank + 1) ** 0.8 for rank in range(len(SURNAMES))),
        "composed": composed,
        "first_cum": _cum(1 / (rank + 1) ** 0.7 for rank in range(len(FIRST_NAMES))),
        "pattern_cum": _cum(weight for _pattern, weight in PATTERNS),
    }


def capitalise(surname: str) -> str:
    """A surname as written without first name or initials: the first tussenvoegsel gets a capital."""
    return surname if surname.startswith("'") else surname[0].upper() + surname[1:]


class NameGenerator:
    """Seeded Dutch company names; every draw comes from ``rng``."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.t = _tables()

    def _one(self, items):
        return items[int(self.rng.random() * len(items))]

    def surname(self) -> str:
        if self.rng.random() < 0.3:
            return self._one(self.t["composed"])
        cum = self.t["surname_cum"]
        return self.t["surnames"][bisect(cum, self.rng.random() * cum[-1])]

    def first_name(self) -> str:
        cum = self.t["first_cum"]
        return FIRST_NAMES[bisect(cum, self.rng.random() * cum[-1])]

    def trade_word(self, sbi_code: str) -> str:
        hand, title = self.t["trade"].get(sbi_code) or (_hand_words(sbi_code), ())
        if title and (not hand or self.rng.random() < 0.3):
            return self._one(title)
        return self._one(hand) if hand else "Bedrijf"

    def place(self, pc4: str) -> str:
        name, big, _region = self.t["places"].get(pc4, ("Nederland", False, "Hollandse"))
        return f"{name}-{self._one(DISTRICTS)}" if big and self.rng.random() < 0.25 else name

    def legal(self, one_person: bool) -> str:
        draw = self.rng.random()
        if one_person:
            return " B.V." if draw < 0.12 else ""
        return " B.V." if draw < 0.55 else " V.O.F." if draw < 0.67 else " C.V." if draw < 0.69 else ""

    def name(self, sbi_code: str, pc4: str, *, one_person: bool = True) -> str:
        cum = self.t["pattern_cum"]
        pattern = PATTERNS[bisect(cum, self.rng.random() * cum[-1])][0]
        return " ".join(pattern(self, sbi_code, pc4, one_person).split())[:200]

    def company(self, sbi_code: str, pc4: str, *, one_person: bool = True) -> tuple[str, list[str]]:
        """The statutory name and 0-2 extra trade names (about a quarter of companies have them)."""
        name = self.name(sbi_code, pc4, one_person=one_person)
        if self.rng.random() >= 0.25:
            return name, []
        known = [self.name(sbi_code, pc4, one_person=True) for _extra in range(1 + (self.rng.random() < 0.35))]
        if self.rng.random() < 0.4:  # the statutory name is a holding or a fantasy name, the trade name is known
            surname = capitalise(self.surname())
            name = self._one((f"{surname} Holding B.V.", f"Beheermaatschappij {surname} B.V.",
                              f"{self._one(FANTASY)} B.V.", f"{surname} Beheer B.V."))  # fmt: skip
        return name, [extra for extra in dict.fromkeys(known) if extra != name]


def _trade_surname(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    return f"{g.trade_word(sbi)} {capitalise(g.surname())}{g.legal(one)}"


def _surname_trade(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    return f"{capitalise(g.surname())} {g.trade_word(sbi)}{g.legal(one)}"


def _family(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    surname, trade = capitalise(g.surname()), g.trade_word(sbi)
    return g._one((f"{trade} {surname} & Zn.", f"{trade} Gebr. {surname}", f"Gebroeders {surname} {trade}",
                   f"{surname} & Zonen {trade}{g.legal(False)}", f"Gebr. {surname}{g.legal(False)}"))  # fmt: skip


def _trade_place(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    return f"{g.trade_word(sbi)} {g.place(pc4)}{g.legal(one)}"


def _place_trade(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    if g.rng.random() < 0.5:
        return f"{g.t['places'].get(pc4, ('', False, 'Hollandse'))[2]} {g.trade_word(sbi)}{g.legal(one)}"
    return f"{g.place(pc4)} {g.trade_word(sbi)}{g.legal(one)}"


def _trade_fantasy(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    return f"{g.trade_word(sbi)} {g._one(FANTASY)}{g.legal(one)}"


def _fantasy_trade(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    if g.rng.random() < 0.3:
        return f"{g._one(FANTASY)} {g._one(ENGLISH_TAILS)}{g.legal(one)}"
    return f"{g._one(FANTASY)} {g.trade_word(sbi)}{g.legal(one)}"


def _trade_first(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    return f"{g.trade_word(sbi)} {g.first_name()}"


def _person_trade(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    if g.rng.random() < 0.5:
        return f"{g.first_name()} {g.surname()} {g.trade_word(sbi)}"
    return f"{g._one('ABCDEFGHJKLMNPRSTW')}. {g.surname()} {g.trade_word(sbi)}{g.legal(one)}"


def _holding(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    return f"{capitalise(g.surname())} {g._one(('Holding B.V.', 'Beheer B.V.', 'Groep B.V.', 'Holding'))}"


def _partners(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    return f"{capitalise(g.surname())} & {capitalise(g.surname())} {g.trade_word(sbi)}{g.legal(False)}"


def _acronym(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    letters = "".join(g._one("ABCDEGHJKMPRSTVW") for _letter in range(2 + int(g.rng.random() * 3)))
    return f"{letters} {g.trade_word(sbi)}{g.legal(one)}"


def _cooperative(g: NameGenerator, sbi: str, pc4: str, one: bool) -> str:
    kind = g._one(("Coöperatie", "Stichting", "Coöperatie", "Vereniging"))
    suffix = " U.A." if kind == "Coöperatie" else ""
    return f"{kind} {g.trade_word(sbi)} {g.place(pc4)}{suffix}"


PATTERNS = (
    (_trade_surname, 16), (_surname_trade, 15), (_family, 5), (_trade_place, 8), (_place_trade, 4),
    (_trade_fantasy, 8), (_fantasy_trade, 8), (_trade_first, 6), (_person_trade, 8), (_holding, 3),
    (_partners, 4), (_acronym, 4), (_cooperative, 2),
)  # fmt: skip


# --- What people type ---------------------------------------------------------------------------


def strip_accents(text: str) -> str:
    text = text.replace("\u0131", "i").replace("ß", "ss")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _typo(rng: random.Random, name: str) -> str | None:
    words = name.split(" ")
    long = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not long:
        return None
    index = rng.choice(long)
    word = words[index]
    letters = "abcdefghijklmnopqrstuvwxyz"
    while True:
        position = rng.randrange(1, len(word))  # people rarely mistype the first letter
        edit = rng.choice(("substitution", "deletion", "insertion", "transposition"))
        if edit == "substitution":
            new = word[:position] + rng.choice(letters.replace(word[position].lower(), "")) + word[position + 1 :]
        elif edit == "deletion":
            new = word[:position] + word[position + 1 :]
        elif edit == "insertion":
            new = word[:position] + rng.choice(letters) + word[position:]
        else:
            new = word[: position - 1] + word[position] + word[position - 1] + word[position + 1 :]
        if new != word:
            words[index] = new
            return " ".join(words)


def _split_suffix(name: str) -> tuple[list[str], list[str]]:
    """The words of a name and its legal suffix ("B.V.", "& Zn.") apart."""
    words = name.split()
    cut = len(words)
    while cut and (words[cut - 1] in LEGAL_WORDS or words[cut - 1] == "&"):
        cut -= 1
    return words[:cut], words[cut:]


def _groups(words: list[str]) -> list[str]:
    """Words with their tussenvoegsels attached ("van der Molen" stays one group)."""
    groups, pending = [], []
    for word in words:
        pending.append(word)
        if word.lower() not in TUSSENVOEGSELS and word != "&":
            groups.append(" ".join(pending))
            pending = []
    if pending:
        groups.append(" ".join(pending))
    for index in range(len(groups) - 1, 0, -1):  # "Bakker & De Bruijn" stays together
        if groups[index].startswith("& "):
            groups[index - 1 : index + 1] = [f"{groups[index - 1]} {groups[index]}"]
    return groups


def _dropped(rng: random.Random, name: str) -> str | None:
    """One word left out, with its tussenvoegsels ("Bakkerij van der Molen B.V." -> "Bakkerij B.V.")."""
    words, suffix = _split_suffix(name)
    groups = _groups(words)
    candidates = [i for i, group in enumerate(groups) if len(group) >= 3]
    if len(candidates) < 2 or (len(groups) == 2 and rng.random() < 0.7):  # rather leave two words than one
        return None
    index = rng.choice(candidates)
    return " ".join(groups[:index] + groups[index + 1 :] + suffix)


def _swapped(rng: random.Random, name: str) -> str | None:
    groups = _groups(_split_suffix(name)[0])
    if len(groups) < 2:
        return None
    cut = rng.randrange(1, len(groups))
    swapped = " ".join(groups[cut:] + groups[:cut])
    return swapped if swapped != " ".join(groups) else None


def _accents(rng: random.Random, name: str) -> str | None:
    plain = strip_accents(name)
    if plain != name:
        return plain
    words = name.split()
    accentable = [i for i, word in enumerate(words) if word in ACCENTED]
    if not accentable:
        return None
    index = rng.choice(accentable)
    words[index] = ACCENTED[words[index]]
    return " ".join(words)


_VAN_DER = re.compile(r"\b[Vv]an (?:der|den|de)\b")


def _abbreviation(rng: random.Random, name: str) -> str | None:
    if _VAN_DER.search(name):
        return _VAN_DER.sub(rng.choice(("vd", "v.d.")), name, count=1)
    for long, short in (("Gebroeders", "Gebr."), ("& Zonen", "& Zn.")):
        if long in name:
            return name.replace(long, short, 1)
        if short in name:
            return name.replace(short, long, 1)
    if name.endswith(" B.V.") and len(name) > 8:
        return name[: -len(" B.V.")]
    return None


def _exact(rng: random.Random, name: str) -> str | None:
    return name


def _partial(rng: random.Random, name: str) -> str | None:
    groups = _groups(_split_suffix(name)[0])
    if len(groups) < 2:
        return None
    second = groups[1].split()
    last = second[-1]
    if len(last) < 4:
        return None
    typed = " ".join([groups[0], *second[:-1], last[: rng.randrange(3, len(last))]])
    return typed.lower()


QUERY_MAKERS = {
    "exact": _exact, "typo": _typo, "dropped_word": _dropped, "swapped": _swapped, "accents_lost": _accents,
    "abbreviation": _abbreviation, "partial": _partial,
}  # fmt: skip


def name_queries(rng: random.Random, names: list[str], count: int, *, mix: str = "benchmark") -> list[tuple[str, str]]:
    """``count`` (query text, kind) pairs made from ``names`` (names that exist in the data).

    mix="benchmark": the kinds of QUERY_KINDS in turn (evenly spread), in random order.
    mix="api": another mix for the end-to-end run: API_WEIGHTS, with partial queries typed in a
    search box, and half of the queries in lower case. A kind that fits none of the names falls
    back to "exact".
    """
    if mix not in ("benchmark", "api"):
        raise ValueError(f"unknown query mix {mix!r}")
    if not names:
        raise ValueError("name_queries needs at least one name")
    if mix == "benchmark":
        kinds = [QUERY_KINDS[i % len(QUERY_KINDS)] for i in range(count)]
        rng.shuffle(kinds)
    else:
        kinds = rng.choices(list(API_WEIGHTS), list(API_WEIGHTS.values()), k=count)
    queries = []
    for kind in kinds:
        made = None
        for _attempt in range(200):
            made = QUERY_MAKERS[kind](rng, rng.choice(names))
            if made:
                break
        if not made:
            kind, made = "exact", rng.choice(names)
        if mix == "api" and kind != "partial" and rng.random() < 0.5:
            made = made.lower()
        queries.append((made, kind))
    return queries
