"""Seed ``countries_fr.tsv`` from pycountry's French names (a one-off tool, not run by the pipeline).

    pip install pycountry && python -m pipeline.data.seed_countries > pipeline/data/countries_fr.tsv

pycountry writes names in index form (``Tanzanie, République unie de``); they are turned
round (``République unie de Tanzanie``). The forms the United Nations and WIPO use in French
(``République-Unie de Tanzanie``, ``Türkiye``, ``Viet Nam``) are added from ``UN_FORMS``.
"""

from __future__ import annotations

import gettext

UN_FORMS = {
    "BOL": ["État plurinational de Bolivie"],
    "CPV": ["Cabo Verde"],
    "CZE": ["Tchéquie", "République tchèque"],
    "GBR": ["Royaume-Uni"],
    "IRN": ["République islamique d’Iran", "Iran"],
    "KOR": ["République de Corée"],
    "LAO": ["République démocratique populaire lao"],
    "LBR": ["Libéria", "Liberia"],
    "MDA": ["République de Moldova"],
    "NGA": ["Nigéria", "Nigeria"],
    "PRK": ["République populaire démocratique de Corée"],
    "RUS": ["Fédération de Russie"],
    "SYR": ["République arabe syrienne", "République arabe de Syrie"],
    "TUR": ["Türkiye", "Turquie"],
    "TZA": ["République-Unie de Tanzanie"],
    "USA": ["États-Unis d’Amérique", "États-Unis"],
    "VEN": ["République bolivarienne du Venezuela", "Venezuela"],
    "VNM": ["Viet Nam"],
    "SWZ": ["Eswatini"],
    "MKD": ["Macédoine du Nord"],
    "FSM": ["Micronésie"],
    "PSE": ["Palestine"],
    "COG": ["Congo"],
    "GMB": ["Gambie"],
    "BHS": ["Bahamas"],
    "NLD": ["Pays-Bas"],
    "CIV": ["Côte d’Ivoire"],
    "KNA": ["Saint-Kitts-et-Nevis"],
    "VCT": ["Saint-Vincent-et-les Grenadines"],
    "TTO": ["Trinité-et-Tobago"],
    "ATG": ["Antigua-et-Barbuda"],
    "STP": ["Sao Tomé-et-Principe"],
    "GNB": ["Guinée-Bissau"],
    "SAU": ["Arabie saoudite"],
    "SLV": ["El Salvador"],
    "ARE": ["Émirats arabes unis"],
    "DOM": ["République dominicaine"],
    "CAF": ["République centrafricaine"],
    "COD": ["République démocratique du Congo"],
}


def turned_round(name: str) -> str:
    if ", " not in name:
        return name
    place, form = name.split(", ", 1)
    joiner = "" if form.endswith(("d'", "d’")) else " "
    turned = f"{form}{joiner}{place}"
    return turned[0].upper() + turned[1:]


def main() -> None:
    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    rows = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if hasattr(country, attribute):
                name = turned_round(french.gettext(getattr(country, attribute))).replace("'", "’")
                rows.add((country.alpha_3, name))
    for code, names in UN_FORMS.items():
        rows.update((code, name) for name in names)
    print("iso3\tname")
    for code, name in sorted(rows):
        print(f"{code}\t{name}")


if __name__ == "__main__":
    main()
