"""A new compact as data with its comments: what `cpc new` writes from its answers.

The compact the model accepts as it stands: the standard sections by reference to the library
(cpc_docs/clauses.yaml), the parties, commitments, term and signature filled in from the
answers (authoring/new.py), and an outline of what only the drafters can write, each place
holding a text that starts with `TODO`. The rule `todo` (cpc_docs/rules/compact.py) reports
each such text as "still to write", with its line, so `cpc validate` is the drafters' to-do
list and a compact with a TODO left never renders.

The comments are half the value of the file (how to negotiate a standard section, what a field
means, the outline): the data is built first as plain Python values (`Draft.data`), then
written with its comments by authoring/yamltext.py.
"""

from __future__ import annotations

from typing import Any

from cpc_docs.authoring.new import (
    US_ID,
    Answers,
    Texts,
    duration_text,
    language_name,
    spanish_of,
)
from cpc_docs.authoring.yamltext import (
    Comment,
    Draft,
    example_bitext,
    flow,
    write_yaml,
)
from cpc_docs.load.compact import standard_clauses
from cpc_docs.model.compact import LANGUAGES, Sections, is_bitext
from cpc_docs.present.locale import FrenchCountry
from cpc_docs.rules.compact import MAX_YEARS

# Sections written `standard` in a new compact, in the model's order. Every key must be a
# section of cpc_docs/clauses.yaml (a test checks it).
STANDARD_SECTIONS = (
    "definitions",
    "monitoring",
    "indicators",
    "communications",
    "amendment",
    "confidentiality",
    "entry_into_force",
    "disputes",
)

STANDARD_BODIES: tuple[tuple[str | dict[str, str], dict[str, str]], ...] = (
    ("CPC", {"fr": "Pacte pour la Protection de l'Enfance (Child Protection Compact)",
             "en": "Child Protection Compact",
             "es": "Pacto para la Protección de la Niñez (Child Protection Compact)"}),
    ("TIP", {"fr": "traite des personnes (Trafficking in Persons)",
             "en": "Trafficking in Persons",
             "es": "trata de personas (Trafficking in Persons)"}),
    ("JTIP", {"fr": "Bureau de Surveillance et de Lutte contre la Traite des Personnes du "
                    "Département d'État des États-Unis (sigle administratif J/TIP)",
              "en": "Office to Monitor and Combat Trafficking in Persons of the U.S. Department "
                    "of State (office symbol J/TIP)",
              "es": "Oficina para Monitorear y Combatir la Trata de Personas del Departamento "
                    "de Estado de los Estados Unidos (símbolo administrativo J/TIP)"}),
    ({"fr": "ONG", "en": "NGOs", "es": "ONG"},
     {"fr": "organisations non gouvernementales", "en": "nongovernmental organizations",
      "es": "organizaciones no gubernamentales"}),
)  # fmt: skip

# The outline of the objectives: objective id and pillar, id prefix of its activities and
# indicators, and the pillar as each language's TODO hints name it ("l'objectif de
# prévention", "the prevention objective", "el objetivo de prevención"; the Spanish pillars
# are those of templates/es/locale.yaml).
PILLAR_OUTLINE: tuple[tuple[str, str, Texts], ...] = (
    ("prevention", "prev",
     {"fr": "de prévention", "en": "prevention", "es": "de prevención"}),
    ("protection", "prot",
     {"fr": "de protection", "en": "protection", "es": "de protección"}),
    ("prosecution", "pros",
     {"fr": "de poursuites judiciaires", "en": "prosecution", "es": "de enjuiciamiento"}),
    ("partnership", "part",
     {"fr": "de partenariat", "en": "partnership", "es": "de alianza"}),
)  # fmt: skip

# The capitalised participles that open recitals, as the note on the preamble lists them.
PREAMBLE_VERBS: tuple[Texts, ...] = (
    {"fr": "RAPPELANT", "en": "RECALLING", "es": "RECORDANDO"},
    {"fr": "CONSIDÉRANT", "en": "CONSIDERING", "es": "CONSIDERANDO"},
    {"fr": "PRÉOCCUPÉES", "en": "CONCERNED", "es": "PREOCUPADOS"},
    {"fr": "CONSCIENTES", "en": "MINDFUL", "es": "CONSCIENTES"},
    {"fr": "RECONNAISSANT", "en": "RECOGNIZING", "es": "RECONOCIENDO"},
)

# How a TODO starts in each language: French typography puts a space before the colon.
TODO_MARK = {"fr": "TODO : "}


def todo_mark(lang: str) -> str:
    return TODO_MARK.get(lang, "TODO: ")


def to_translate(english: str, lang: str) -> str:
    """The text for a language that `cpc new` has no words for (a language folder added
    since): the English, marked TODO, to translate. The file never holds English under
    another language's code unmarked: `cpc validate` lists each such text as still to write,
    and the compact does not render until it is written."""
    text = english.removeprefix(todo_mark("en"))
    return f"TODO: translate into {language_name(lang)}: {text}"


def build_draft(answers: Answers, inline_clauses: bool = False) -> Draft:
    """The new compact as data with its comments: what `compact_yaml` writes."""
    return _Builder(answers, inline_clauses).build()


class _Builder:
    """Builds one draft; each part of the compact has its method, in the file's order.

    Every text of the skeleton is written here in French, English and Spanish (`bi`), and
    kept in the compact's languages; the Spanish uses the words of templates/es and of the
    Spanish standard clauses ("la presente Asociación CPC", "Participantes", "niñas, niños y
    adolescentes")."""

    def __init__(self, answers: Answers, inline_clauses: bool) -> None:
        self.answers = answers
        self.langs = answers.languages
        self.inline = inline_clauses
        self.draft = Draft({})
        self.note = self.draft.note
        self.note_after = self.draft.note_after

    def bi(self, **texts: str) -> dict[str, str]:
        """A text in the compact's languages (the others are dropped); English stands, marked
        TODO, for a language with no text here (to_translate)."""
        return {lang: texts[lang] if lang in texts else to_translate(texts["en"], lang)
                for lang in self.langs}  # fmt: skip

    def todo(self, **texts: str) -> dict[str, str]:
        """A text still to write: the rule `todo` reports it until it is replaced."""
        return self.bi(**{lang: todo_mark(lang) + text for lang, text in texts.items()})

    def example(self, **texts: str) -> str:
        """A YAML example for a comment, in the compact's languages: {es: …, en: …}."""
        return flow({lang: texts.get(lang, "…") for lang in self.langs})

    def build(self) -> Draft:
        data = self.draft.data
        data["id"] = self.answers.compact_id
        data["languages"] = list(self.langs)
        data["title"] = self.bi(
            fr="Partenariat relatif au Pacte pour la Protection de l'Enfance (CPC)",
            en="Child Protection Compact (CPC) Partnership",
            es="Asociación del Pacto para la Protección de la Niñez (CPC)",
        )
        data["party_term"] = self.bi(fr="Participants", en="Participants", es="Participantes")
        data["parties"] = self.parties()
        data["bodies"] = self.bodies()
        data["preamble"] = self.preamble()
        data["sections"] = self.sections()
        data["objectives"] = self.objectives()
        data["annex"] = self.annex()
        data["term"] = self.term()
        data["signature"] = self.signature()
        data["statute"] = self.statute()
        return self.draft

    # --- Parties and bodies -----------------------------------------------------------------

    def parties(self) -> list[dict[str, Any]]:
        answers, bi = self.answers, self.bi
        focal: dict[str, Any] = {"name": dict(answers.focal_point.name)}
        focal["emails"] = [answers.focal_point.email]
        if answers.focal_point.phone:
            focal["phones"] = [answers.focal_point.phone]
        after = {"fr": "« pour »", "en": "“for”", "es": "«para»"}
        articles = {
            "fr": "in French with its article (le Ghana, la Côte d'Ivoire, les Philippines, "
            "l'Ouganda, Madagascar), from which « du Ghana », « au Ghana » follow",
            "es": "in Spanish with its article when it takes one (el Perú, la India, "
            "Colombia), from which «del Perú» follows",
        }
        how = "; ".join(articles[lang] for lang in self.langs if lang in articles)
        self.note(
            ("parties",),
            "The partner first, then the United States. `name` is the government with its "
            "article, `country` the country as it reads after "
            + " / ".join(after.get(lang, "“for”") for lang in self.langs)
            + (f": {how}" if how else "")
            + "; `short` the name in the footer's initials box.",
        )
        example = self.example()
        self.note(
            ("parties", 0, "focal_points"),
            "For the title page, optionally: the formal name of the state and its motto.",
            f"state: {example}",
            f"motto: {example}",
        )
        self.note_after(
            ("parties", 0, "focal_points", 0),
            "More focal points, each with at least one e-mail; also address, office_phones, "
            "fax, websites:",
            f"- name: {example}",
            f"  address: {example}",
            "  emails: [name@example.gov]",
        )
        embassy = bi(
            fr="L'Ambassade des États-Unis d'Amérique en …",
            en="The Embassy of the United States of America in …",
            es="La Embajada de los Estados Unidos de América en …",
        )
        self.note_after(
            ("parties", 1, "focal_points", 0),
            "The embassy, if it is a focal point too:",
            "- name:",
            *example_bitext(embassy, "    "),
            "  emails: [name@state.gov]",
        )
        partner = {
            "id": answers.partner_id,
            "name": dict(answers.government),
            "country": dict(answers.country),
            "short": {lang: answers.short_name(lang) for lang in self.langs},
            "focal_points": [focal],
        }
        us = {
            "id": US_ID,
            "name": bi(
                fr="le Gouvernement des États-Unis d'Amérique",
                en="the Government of the United States of America",
                es="el Gobierno de los Estados Unidos de América",
            ),
            "country": bi(
                fr="les États-Unis d'Amérique",
                en="the United States of America",
                es="los Estados Unidos de América",
            ),
            "short": bi(fr="États-Unis", en="United States", es="Estados Unidos"),
            "focal_points": [
                {
                    "name": bi(
                        fr="Le Bureau de Surveillance et de Lutte contre la Traite des "
                        "Personnes du Département d'État des États-Unis d'Amérique / JTIP",
                        en="The Office to Monitor and Combat Trafficking in Persons of the "
                        "United States Department of State / JTIP",
                        es="La Oficina para Monitorear y Combatir la Trata de Personas del "
                        "Departamento de Estado de los Estados Unidos de América / JTIP",
                    ),
                    "emails": [answers.us_email],
                }
            ],
        }
        return [partner, us]

    def bodies(self) -> list[dict[str, Any]]:
        forms = self.bi(fr="ONG", en="NGOs", es="ONG")
        differ = len(set(forms.values())) > 1
        self.note(
            ("bodies",),
            "Every acronym the text uses, defined once (`cpc validate` warns of the others). "
            "Where the languages use different acronyms, give one per language"
            + (f", e.g. acronym: {flow(forms)}." if differ else "."),
        )
        bodies: list[dict[str, Any]] = []
        for acronym, name in STANDARD_BODIES:
            if isinstance(acronym, dict):
                forms = self.bi(**acronym)
                acronym = forms if len(set(forms.values())) > 1 else next(iter(forms.values()))
            bodies.append({"acronym": acronym, "name": self.bi(**name)})
        for body in self.answers.bodies:
            bodies.append({"acronym": body.acronym, "name": dict(body.name)})
        return bodies

    # --- Preamble and sections --------------------------------------------------------------

    def preamble(self) -> list[dict[str, Any]]:
        bi = self.bi
        verbs = ", ".join(
            " / ".join(dict.fromkeys(verb.get(lang, verb["en"]) for lang in self.langs))
            for verb in PREAMBLE_VERBS
        )
        self.note(
            ("preamble",),
            f"TODO: the recitals. Each has a participle in capitals ({verbs}…) and a text "
            "ending with a comma; the last one ends with a semicolon.",
        )
        if self.answers.duration.unit == "years":
            cooperate = bi(
                fr="coopérer dans le cadre du présent Pacte pour la Protection de l'Enfance "
                "(CPC) pendant les {duration:number} prochaines années, dans le but "
                "d'intensifier les efforts de lutte contre la traite des enfants ;",
                en="to cooperate under this Child Protection Compact (CPC) over the next "
                "{duration:number} years, with the aim of intensifying efforts to combat child "
                "trafficking;",
                es="cooperar en el marco del presente Pacto para la Protección de la Niñez "
                "(CPC) durante los próximos {duration:number} años, con el fin de intensificar "
                "los esfuerzos de lucha contra la trata de niñas, niños y adolescentes;",
            )
        else:  # "les dix-huit (18) prochaines années" would be wrong: say the period
            cooperate = bi(
                fr="coopérer dans le cadre du présent Pacte pour la Protection de l'Enfance "
                "(CPC) pendant une durée de {duration}, dans le but d'intensifier les efforts "
                "de lutte contre la traite des enfants ;",
                en="to cooperate under this Child Protection Compact (CPC) for a period of "
                "{duration}, with the aim of intensifying efforts to combat child trafficking;",
                es="cooperar en el marco del presente Pacto para la Protección de la Niñez "
                "(CPC) durante un período de {duration}, con el fin de intensificar los "
                "esfuerzos de lucha contra la trata de niñas, niños y adolescentes;",
            )
        return [
            {
                "verb": bi(fr="RAPPELANT", en="RECALLING", es="RECORDANDO"),
                "text": bi(
                    fr="les relations de longue date entre les Participants,",
                    en="the longstanding relationship between the Participants,",
                    es="la relación de larga data entre los Participantes,",
                ),
            },
            {
                "verb": bi(fr="CONSIDÉRANT", en="CONSIDERING", es="CONSIDERANDO"),
                "text": self.todo(
                    fr="les considérants propres à ce partenariat (engagements communs, rôles "
                    "des institutions, contribution de la société civile), une clause par "
                    "participe,",
                    en="the recitals of this partnership (shared commitments, the roles of the "
                    "institutions, the contribution of civil society), one clause per "
                    "participle,",
                    es="los considerandos propios de esta asociación (compromisos comunes, "
                    "funciones de las instituciones, contribución de la sociedad civil), una "
                    "cláusula por verbo,",
                ),
            },
            {"verb": bi(fr="SOUHAITANT", en="DESIRING", es="DESEANDO"), "text": cooperate},
        ]

    def sections(self) -> dict[str, Any]:
        bi = self.bi
        self.note(
            ("sections",),
            "Standard sections are written `standard`: they take the text of the library of "
            "standard clauses (cpc_docs/clauses.yaml) in the compact's languages, so every "
            "compact says the same where nothing was negotiated. To negotiate one, replace "
            "`standard` by the section's text: copy it from cpc_docs/clauses.yaml, or start "
            "the file with `cpc new --inline-clauses`, which writes every standard section out.",
        )
        self.note(
            ("sections", "purpose"),
            "Sections are numbered I, II… in this order; prose refers to them by "
            "placeholder ({ref:goal}, {ref:annex}), never by number.",
        )
        self.note(
            ("sections", "goal", "goal"),
            "The objectives are listed under `objectives` below (Section II and Annex A).",
        )
        description = bi(
            fr="… le rapport TIP {tip_year}, dans lequel … la {tier}.",
            en="… the {tip_year} TIP Report, in which … {tier} ranking.",
            es="… el Informe TIP {tip_year}, en el que … el {tier}.",
        )
        title = bi(
            fr="Description du partenariat",
            en="Description of the Partnership",
            es="Descripción de la Asociación",
        )
        self.note_after(
            ("sections", "definitions"),
            "Optional: the description of the partnership, with the TIP Report year and tier "
            "that {tip_year} and {tier} print. Uncomment and write it:",
            "description:",
            f"  title: {flow(title)}",
            '  tip_report: {year: 2024, tier: "2"}',
            "  paragraphs:",
            *example_bitext(description, "    - "),
        )
        sections: dict[str, Any] = {
            "purpose": {
                "title": bi(fr="Objet", en="Purpose", es="Objeto"),
                "paragraphs": [
                    self.todo(
                        fr="l'objet du Partenariat CPC : ce qu'il vise à renforcer, l'approche "
                        "retenue (axée sur les victimes, coordonnée, durable, "
                        "multisectorielle) et les acteurs concernés.",
                        en="the purpose of the CPC Partnership: what it seeks to strengthen, "
                        "its approach (victim-centered, coordinated, sustainable, "
                        "multisectoral), and the actors involved.",
                        es="el objeto de la Asociación CPC: lo que busca fortalecer, el enfoque "
                        "adoptado (centrado en las víctimas, coordinado, sostenible, "
                        "multisectorial) y los actores involucrados.",
                    )
                ],
            },
            "goal": {
                "title": bi(fr="But et objectifs", en="Goal and Objectives", es="Meta y objetivos"),
                "paragraphs": [
                    bi(
                        fr="Les Participants s'efforcent d'œuvrer à l'atteinte du but et des "
                        "objectifs du présent Partenariat CPC sur toute la durée de sa "
                        "validité :",
                        en="The Participants endeavor to work toward achieving the goal and "
                        "objectives of this CPC Partnership throughout its period of "
                        "validity:",
                        es="Los Participantes procuran trabajar para alcanzar la meta y los "
                        "objetivos de la presente Asociación CPC durante todo su período de "
                        "validez:",
                    )
                ],
                "goal": self.todo(
                    fr="le but du partenariat, en une phrase (par exemple : « Le pays lutte "
                    "contre la traite des enfants de façon coordonnée et précoce. »).",
                    en="the goal of the partnership, in one sentence (for example: “The "
                    "country combats child trafficking in a coordinated manner and at an "
                    "early stage.”).",
                    es="la meta de la asociación, en una frase (por ejemplo: «El país combate "
                    "la trata de niñas, niños y adolescentes de manera coordinada y "
                    "temprana.»).",
                ),
            },
            "commitments": self.commitments(),
        }
        library = standard_clauses()
        for key in STANDARD_SECTIONS:
            if key not in library:
                raise KeyError(f"cpc_docs/clauses.yaml has no section {key!r}")
            missing = [lang for lang in self.langs if not _has_language(library[key], lang)]
            if self.inline or missing:
                sections[key] = _only_languages(library[key], self.langs)
                if missing:  # the library has no text to refer to: written out, to translate
                    names = " and ".join(language_name(lang) for lang in missing)
                    self.note(
                        ("sections", key),
                        f"The library of standard clauses has no {names} text for this "
                        "section: its English is written out here, marked TODO, to translate.",
                    )
                else:
                    self.note(
                        ("sections", key),
                        "Standard text from cpc_docs/clauses.yaml: edit it to negotiate the "
                        "wording, or write `standard` to follow the library.",
                    )
            else:
                sections[key] = "standard"
        # In the model's order, the order they are numbered in: easier to read.
        return {key: sections[key] for key in Sections.model_fields if key in sections}

    def commitments(self) -> dict[str, Any]:
        answers, bi = self.answers, self.bi
        partner = answers.partner_id
        # "du Ghana" / "of Ghana" / "del Perú": computed for the languages the compact has
        # (bi() drops the others).
        country = answers.country
        of_country = {
            "fr": FrenchCountry.parse(country["fr"]).of if "fr" in country else "",
            "en": f"of {country['en']}" if "en" in country else "",
            "es": spanish_of(country["es"]) if "es" in country else "",
        }
        government = {lang: _capfirst(text) for lang, text in answers.government.items()}
        self.note(
            ("sections", "commitments"),
            "22 U.S.C. § 7103a(d)(2)(B), (C), (E): each government's responsibilities and "
            "contribution. The US amount is a ceiling ('up to'), subject to the availability "
            "of funds; {amount} prints it in each language.",
        )
        through = {"fr": "« par le biais du CNS »", "en": "“through the CNS”",
                   "es": "«por conducto del CNS»"}  # fmt: skip
        self.note(
            ("sections", "commitments", "items", 1, "paragraphs"),
            "Name the institutions through which the partner acts (e.g. "
            + " / ".join(through[lang] for lang in self.langs if lang in through)
            + "), each defined under `bodies`.",
        )
        # A short mapping, written on one line: amount: {value: …, currency: USD}.
        self.draft.flow.add(("sections", "commitments", "items", 0, "amount"))
        us = {
            "id": "us-commitment",
            "party": US_ID,
            "amount": {"value": answers.amount, "currency": "USD"},
            "up_to": True,
            "subject_to_funds": True,
            "paragraphs": [
                bi(
                    fr="Le Gouvernement des États-Unis d'Amérique, par le biais du Bureau TIP, "
                    "et sous réserve de la disponibilité des fonds nécessaires, entend apporter "
                    "jusqu'à {amount} d'aide extérieure américaine à des organisations non "
                    "gouvernementales (ONG) nationales et/ou internationales qui sont censées "
                    f"collaborer avec les différents Ministères concernés {of_country['fr']}, "
                    "pour appuyer la mise en œuvre des activités qui contribueront à l'atteinte "
                    "du but et des objectifs inclus dans la section {ref:goal} et dans le plan "
                    "de mise en œuvre ci-joint (annexe {ref:annex}).",
                    en="The Government of the United States of America, through the TIP "
                    "Office, and subject to the availability of the necessary funds, intends to "
                    "provide up to {amount} in U.S. foreign assistance to national and/or "
                    "international nongovernmental organizations (NGOs) that are expected to "
                    f"collaborate with the various relevant Ministries {of_country['en']}, to "
                    "support the implementation of activities that will contribute to "
                    "achieving the goal and objectives included in Section {ref:goal} and in "
                    "the attached implementation plan (Annex {ref:annex}).",
                    es="El Gobierno de los Estados Unidos de América, por conducto de la "
                    "Oficina TIP, y con sujeción a la disponibilidad de los fondos necesarios, "
                    "tiene la intención de aportar hasta {amount} en asistencia exterior "
                    "estadounidense a organizaciones no gubernamentales (ONG) nacionales y/o "
                    "internacionales, de las que se espera que colaboren con los distintos "
                    f"ministerios competentes {of_country['es']}, para apoyar la "
                    "implementación de actividades que contribuirán al logro de la meta y los "
                    "objetivos incluidos en la sección {ref:goal} y en el plan de "
                    "implementación adjunto (anexo {ref:annex}).",
                ),
                bi(
                    fr="Le Bureau TIP prévoit de choisir le(s) partenaire(s) d'exécution de la "
                    "société civile par le biais d'un processus d'appel d'offres concurrentiel "
                    "après la signature du présent Partenariat CPC, et de faciliter la "
                    "communication et la coordination entre le(s) partenaire(s) d'exécution de "
                    f"la société civile et les Ministères concernés {of_country['fr']}.",
                    en="The TIP Office plans to select the civil society implementing "
                    "partner(s) through a competitive solicitation process after the signature "
                    "of this CPC Partnership, and to facilitate communication and coordination "
                    "between the civil society implementing partner(s) and the relevant "
                    f"Ministries {of_country['en']}.",
                    es="La Oficina TIP prevé seleccionar el o los socios implementadores de la "
                    "sociedad civil mediante un proceso de convocatoria competitiva tras la "
                    "firma de la presente Asociación CPC, y facilitar la comunicación y la "
                    "coordinación entre el o los socios implementadores de la sociedad civil y "
                    f"los ministerios competentes {of_country['es']}.",
                ),
            ],
        }
        in_kind = {
            "id": f"{partner}-commitment",
            "party": partner,
            "in_kind": True,
            "paragraphs": [
                bi(
                    fr=f"{government.get('fr')}, par le biais de ses institutions compétentes, "
                    "entend apporter son expertise à la mise en œuvre du plan conjoint du "
                    "présent Partenariat CPC ; coordonner, suivre et évaluer les actions à "
                    "travers des visites de terrain, des réunions périodiques et des rapports "
                    "de mise en œuvre des activités ; mettre son personnel à disposition pour "
                    "participer aux activités du Partenariat CPC ; encourager la collaboration "
                    "et faciliter l'accès entre les organismes publics à des fins de "
                    "coordination et de réunions ; échanger les informations avec le Bureau "
                    "TIP ; collaborer avec la société civile, notamment le(s) partenaire(s) "
                    "d'exécution de la société civile, pour appuyer le but et les objectifs "
                    "décrits à la section {ref:goal} du présent Partenariat CPC ; et pérenniser "
                    "les améliorations systémiques réalisées par le biais de ces efforts "
                    "conjoints après la fin du présent Partenariat CPC.",
                    en=f"{government.get('en')}, through its competent institutions, intends "
                    "to contribute its expertise to the implementation of the joint "
                    "implementation plan of this CPC Partnership; to coordinate, monitor, and "
                    "evaluate the actions through field visits, periodic meetings, and "
                    "activity implementation reports; to make its staff available to "
                    "participate in CPC Partnership activities; to encourage collaboration and "
                    "facilitate access among public agencies for coordination purposes and "
                    "meetings; to share information with the TIP Office; to collaborate with "
                    "civil society, including the civil society implementing partner(s), to "
                    "support the goal and objectives described in Section {ref:goal} of this "
                    "CPC Partnership; and to sustain the systemic improvements achieved "
                    "through these joint efforts after this CPC Partnership has ended.",
                    es=f"{government.get('es')}, por conducto de sus instituciones "
                    "competentes, tiene la intención de aportar su experiencia a la "
                    "implementación del plan conjunto de implementación de la presente "
                    "Asociación CPC; coordinar, dar seguimiento y evaluar las acciones "
                    "mediante visitas de campo, reuniones periódicas e informes de ejecución "
                    "de las actividades; poner a su personal a disposición para participar en "
                    "las actividades de la Asociación CPC; fomentar la colaboración y facilitar "
                    "el acceso entre los organismos públicos con fines de coordinación y de "
                    "reuniones; intercambiar información con la Oficina TIP; colaborar con la "
                    "sociedad civil, en particular con el o los socios implementadores de la "
                    "sociedad civil, para apoyar la meta y los objetivos descritos en la "
                    "sección {ref:goal} de la presente Asociación CPC; y sostener las mejoras "
                    "sistémicas logradas mediante estos esfuerzos conjuntos después de que "
                    "finalice la presente Asociación CPC.",
                )
            ],
        }
        return {
            "title": bi(fr="Engagements", en="Commitments", es="Compromisos"),
            "items": [us, in_kind],
        }

    # --- Objectives (the outline), annex, term, signature, statute ---------------------------

    def objectives(self) -> list[dict[str, Any]]:
        self.note(
            ("objectives",),
            "TODO: the objectives (Section II), each with its illustrative activities and "
            "indicators (Annex A). The outline follows the 3P paradigm (prevention, "
            "protection, prosecution) plus partnership; objectives grouped by crime type omit "
            f"`pillar` or give a label of their own: pillar: {self.example()}. An objective "
            "may have an `annex_text` when Annex A words it differently. Ids are stable names "
            "that reports and `statute` refer to. An indicator's unit is count, percentage or "
            "yes_no.",
        )
        objectives = []
        for pillar, prefix, words in PILLAR_OUTLINE:
            fr, en, es = words["fr"], words["en"], words["es"]
            activity = self.todo(
                fr=f"une activité illustrative {fr} (annexe A).",
                en=f"an illustrative {en} activity (Annex A).",
                es=f"una actividad ilustrativa {es} (anexo A).",
            )
            indicator = self.todo(
                fr=f"un indicateur {fr} (annexe A).",
                en=f"a {en} indicator (Annex A).",
                es=f"un indicador {es} (anexo A).",
            )
            objectives.append(
                {
                    "id": pillar,
                    "pillar": pillar,
                    "text": self.todo(
                        fr=f"l'objectif {fr}.", en=f"the {en} objective.", es=f"el objetivo {es}."
                    ),
                    "activities": [{"id": f"{prefix}-a01", "text": activity}],
                    "indicators": [{"id": f"{prefix}-i01", "unit": "count", "text": indicator}],
                }
            )
        return objectives

    def annex(self) -> dict[str, Any]:
        return {
            "title": self.bi(
                fr="Cadre d'actions conjoint du Partenariat CPC",
                en="Joint Action Framework of the CPC Partnership",
                es="Marco de acción conjunto de la Asociación CPC",
            ),
            "paragraphs": [
                self.bi(
                    fr="Les Participants entendent appuyer les objectifs et la mise en œuvre des "
                    "activités du cadre d'actions conjoint du présent Partenariat CPC sur "
                    "toute la durée de sa validité, dans les domaines suivants :",
                    en="The Participants intend to support the objectives and the "
                    "implementation of the activities of the joint action framework of this "
                    "CPC Partnership throughout its period of validity, in the following "
                    "areas:",
                    es="Los Participantes tienen la intención de apoyar los objetivos y la "
                    "implementación de las actividades del marco de acción conjunto de la "
                    "presente Asociación CPC durante todo su período de validez, en los "
                    "ámbitos siguientes:",
                )
            ],
        }

    def term(self) -> dict[str, Any]:
        self.note(
            ("term",),
            f"At most {MAX_YEARS} years (TIP Office). Extensions, when decided, go under "
            "`extensions` as {decided: YYYY-MM-DD, duration: 1 year}. The standard section "
            "entry_into_force is written for a compact in force from its signature.",
        )
        return {"entry_into_force": "signature", "duration": duration_text(self.answers.duration)}

    def signature(self) -> dict[str, Any]:
        answers = self.answers
        honorific = self.example(fr="Madame", en="Mrs.", es="Señora")
        self.note(
            ("signature", "signatories"),
            f"TODO: the signatories, in the order they sign. Each may have an honorific "
            f"({honorific}) and sign on behalf of a body (on_behalf: {self.example()}); one "
            "title per line.",
        )

        def signatory(party: str, who: dict[str, str]) -> dict[str, Any]:
            return {
                "party": party,
                "name": f"TODO: name of the signatory for {who['en']}",
                "titles": [
                    self.todo(
                        fr=f"titre du signataire pour {who['fr']}.",
                        en=f"title of the signatory for {who['en']}.",
                        es=f"cargo del signatario por {who['es']}.",
                    )
                ],
            }

        # "pour le Ghana" / "for Ghana" / "por el Perú"; the id stands in for a language the
        # compact lacks (and is never written: bi() keeps the compact's languages).
        partner = {lang: answers.country.get(lang, answers.partner_id) for lang in LANGUAGES}
        us = {"fr": "les États-Unis", "en": "the United States", "es": "los Estados Unidos"}
        return {
            "place": dict(answers.place),
            "date": answers.date,
            "originals": 2,
            "signatories": [signatory(US_ID, us), signatory(answers.partner_id, partner)],
        }

    def statute(self) -> dict[str, Any]:
        self.note(
            ("statute",),
            "TODO: where the compact addresses the elements of 22 U.S.C. § 7103a(d)(2) that "
            "its structure does not show: the ids of the activities, items or appendices.",
        )
        self.note(
            ("statute", "F"),
            "(F) how progress is sustained after the compact expires, e.g. a sustainability "
            f"planning activity and {self.answers.partner_id}-commitment, whose last clause "
            "says so.",
        )
        self.note(
            ("statute", "G"),
            "(G) how child-protection data is collected, tracked and managed: the ids of the "
            "data activities.",
        )
        return {"F": [], "G": []}


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _has_language(value: Any, lang: str) -> bool:
    """Whether every text of the library's data has `lang`: a section the library cannot
    give in one of the compact's languages is written out rather than referred to."""
    if is_bitext(value):
        return lang in value
    if isinstance(value, dict):
        return all(_has_language(item, lang) for item in value.values())
    if isinstance(value, list):
        return all(_has_language(item, lang) for item in value)
    return True


def _only_languages(value: Any, langs: tuple[str, ...]) -> Any:
    """The library's data with the texts of the compact's languages only (its English marked
    TODO, to translate, for a language the library lacks)."""
    if is_bitext(value):
        return {lang: value[lang] if lang in value else to_translate(value["en"], lang)
                for lang in langs}  # fmt: skip
    if isinstance(value, dict):
        return {key: _only_languages(item, langs) for key, item in value.items()}
    if isinstance(value, list):
        return [_only_languages(item, langs) for item in value]
    return value


def header(answers: Answers) -> list[Comment]:
    gov = answers.government.get("en") or answers.government[answers.languages[0]]
    comments = [
        Comment(
            f"Child Protection Compact (CPC) Partnership between {gov} and the Government "
            "of the United States of America: a draft started with `cpc new`."
        ),
        Comment(
            "What is left to write holds a text starting with TODO: `cpc validate` lists each "
            'place with its line, as "still to write", and the compact renders once none is '
            "left (write TODO yourself anywhere to mark a text to come back to). The reference "
            "compact, compacts/civ-2022.yaml, shows every part written out"
            + (", and compacts/per-2017.yaml a Spanish/English one" if "es" in answers.languages
               else "")
            + "; the YAML reference (docs/yaml-reference.md, or `cpc schema --format "
            "markdown`) lists every field, the standard sections and the placeholders prose "
            "may use ({duration}, {amount}, {ref:ID}…)."
        ),
    ]  # fmt: skip
    if "fr" in answers.languages:
        comments.append(
            Comment(
                "French is typed with ordinary spaces before ; : ! ? and inside « », and with "
                "straight apostrophes: the renderer applies French typography."
            )
        )
    return comments


def compact_yaml(answers: Answers, inline_clauses: bool = False) -> str:
    """The YAML text of a new compact, with its comments."""
    draft = build_draft(answers, inline_clauses)
    return write_yaml(draft, header(answers))
