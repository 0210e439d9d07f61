"""`cpc new`: start a compact by answering questions, or from options in a script.

Every question is also an option, so a script passes them all (with --no-input, missing
ones are one usage error listing them all, rather than a prompt waiting on a closed stdin).
The per-language options (--country-es, --place-fr…) are made for every language that has a
template folder (model.LANGUAGES), so a language added as a folder has its options too.
An answer is checked where it is given: a bad one at a prompt is asked again with the
reason, a bad option value is a usage error (exit 2) naming the option. The file is written
once, atomically, and never over an existing one without --force. The logic (what the file
says) is in new.py.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cpc_docs.authoring import new
from cpc_docs.authoring.compact_draft import compact_yaml
from cpc_docs.cli.main import verbosity
from cpc_docs.errors import CpcError, ValidationFailed
from cpc_docs.model.compact import LANGUAGES, Money
from cpc_docs.outputs.files import write_atomic
from cpc_docs.present.locale import format_money
from cpc_docs.rules.compact import RuleSettings

if TYPE_CHECKING:  # cli.py imports this module to register the command
    from cpc_docs.cli.main import Ui

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

# With --no-input, a missing answer is noted and this stand-in taken in its place, so that
# the later questions are still gone through and every missing answer is said at once. No
# file is written with a stand-in: `Asker.finish` raises the usage error first.
STAND_INS: dict[Callable[[str], Any], str] = {
    new.parse_text: "TODO",
    new.parse_date: "2025-01-01",
    new.parse_email: "todo@example.org",
}


class Asker:
    """Takes each answer from its option, else from a prompt (else from its default with
    --no-input), converting and checking it with a parser of new.py."""

    def __init__(self, params: dict[str, Any], no_input: bool) -> None:
        self.params = params
        self.no_input = no_input
        self.missing: list[str] = []  # with --no-input: the options to give, as said
        self.stood_in: set[str] = set()  # the names answered by a stand-in

    def finish(self) -> None:
        """With --no-input, the one usage error that lists every missing answer."""
        if self.missing:
            raise click.UsageError(
                "--no-input asks no questions; give "
                + (", ".join(self.missing[:-1]) + " and " if len(self.missing) > 1 else "")
                + self.missing[-1]
            )

    def ask(
        self,
        name: str,
        question: str,
        parse: Callable[[str], T],
        default: str | None = None,
        flag: str | None = None,
        missing: str | None = None,
    ) -> T:
        """The answer for the option `name` (a parameter name: country_fr); `missing` is how
        --no-input names what to give when it is missing (default: the flag)."""
        answer = self._answer(name, question, parse, default, flag, optional=False, missing=missing)
        assert answer is not None
        return answer

    def ask_optional(
        self,
        name: str,
        question: str,
        parse: Callable[[str], T],
        flag: str | None = None,
        empty: str = "optional, Enter to skip",
    ) -> T | None:
        """An answer that may be left empty (None); `empty` says so in the question."""
        return self._answer(name, f"{question} ({empty})", parse, None, flag, optional=True)

    def _answer(
        self,
        name: str,
        question: str,
        parse: Callable[[str], T],
        default: str | None,
        flag: str | None,
        optional: bool,
        missing: str | None = None,
    ) -> T | None:
        given = self.params.get(name)
        flag = flag or "--" + name.replace("_", "-")
        if given is not None:
            try:
                return parse(given)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint=f"'{flag}'") from None
        if self.no_input:
            if default is not None:
                return parse(default)
            if optional:
                return None
            if missing != "":  # "": follows from an answer that is missing itself
                self.missing.append(missing or flag)
            self.stood_in.add(name)
            if parse not in STAND_INS:  # cannot go on without it: say what is missing so far
                self.finish()
            return parse(STAND_INS[parse])

        def check(value: str) -> T | None:
            if optional and not value.strip():
                return None
            try:
                return parse(value)
            except ValueError as exc:
                raise click.BadParameter(str(exc)) from None  # click says it, asks again

        return click.prompt(
            question,
            default=default if default is not None else ("" if optional else None),
            show_default=default is not None,
            value_proc=check,
            err=True,
        )

    def texts(
        self,
        name: str,
        languages: tuple[str, ...],
        question: Callable[[str], str],
        default: Callable[[str, dict[str, str]], str | None] | None = None,
        alternative: str | None = None,
    ) -> dict[str, str]:
        """A text in each language, from the options NAME_fr, NAME_es… or prompts; `default`
        sees the answers in the languages before. `alternative` is an option that gives every
        language at once (--place), named when the texts are missing."""
        answers: dict[str, str] = {}
        flags = [f"--{name.replace('_', '-')}-{lang}" for lang in languages]
        for index, lang in enumerate(languages):
            missing = None
            if alternative is not None:
                missing = f"{alternative} (or {' and '.join(flags)})" if index == 0 else ""
            elif default is not None and any(f"{name}_{la}" in self.stood_in for la in answers):
                missing = ""  # its default comes from a missing answer: that one is said
            answers[lang] = self.ask(
                f"{name}_{lang}",
                question(lang),
                new.parse_text,
                default(lang, answers) if default is not None else None,
                missing=missing,
            )
        return answers


def _amount(asker: Asker) -> Callable[[str], int | float]:
    """Parses the US amount; one under US$100,000 in bare digits ("4": US$4, where "4 million"
    was likely meant) is confirmed at a prompt, and refused with --no-input. Written with its
    currency ("4 USD", "US$4") or a scale word ("40 thousand"), it is taken as it is."""

    def parse(value: str) -> int | float:
        amount = new.parse_amount(value)
        doubt = new.amount_doubt(value)
        if doubt is None:
            return amount
        if asker.no_input:
            raise ValueError(doubt)
        shown = format_money(Money(value=amount), "en")
        click.echo(f"  {doubt}", err=True)
        kept = click.prompt(f"  Keep {shown}? [y/N] (or type the amount again)", default="n",
                            show_default=False, value_proc=keep_or_amount, err=True)  # fmt: skip
        if kept is None:
            raise ValueError(f"{shown} not kept; give the amount again")
        return amount if kept is True else kept

    def keep_or_amount(answer: str) -> bool | int | float | None:
        """y: keep it; n (or Enter): ask the amount again; an amount typed here, as people
        do at this question, is the new answer, itself checked, rather than "invalid
        input" and the next answers sliding into this question."""
        word = answer.strip().lower()
        if word in ("y", "yes", "o", "oui"):
            return True
        if word in ("", "n", "no", "non"):
            return None
        try:
            return parse(answer)
        except ValueError as exc:
            raise click.BadParameter(f"answer y or n, or give the amount again ({exc})") from None

    return parse


def _refuse_other_languages(params: dict[str, Any], languages: tuple[str, ...]) -> None:
    """An option for a language the compact does not have is a mistake worth saying."""
    for name, value in params.items():
        lang = name.rsplit("_", 1)[-1]
        if value is not None and lang in LANGUAGES and lang not in languages:
            flag = "--" + name.replace("_", "-")
            raise click.UsageError(
                f"{flag} is given but the compact's languages are {','.join(languages)}"
            )


def _new_id(output: Path | None, force: bool) -> Callable[[str], str]:
    """Parses the compact id at the prompt and, when the file is named after it, refuses an
    existing file there, so the user picks another id rather than losing the answers."""

    def parse(value: str) -> str:
        ident = new.parse_id(value)
        path = output or default_output(ident)
        if path.exists() and not force:
            raise ValueError(f"{path} already exists; choose another id, or use --force")
        return ident

    return parse


def _id_of(output: Path | None) -> str | None:
    """The id a file named with --output proposes: its stem, which the id must be (the id
    names the outputs), when the stem is a valid id."""
    if output is None:
        return None
    try:
        return new.parse_id(output.stem)
    except ValueError:
        return None


def default_output(compact_id: str) -> Path:
    return Path("compacts") / f"{compact_id}.yaml"


# --body ACRONYM NAME… takes one name per language of the compact, which click cannot say (an
# option's arity is fixed, and the languages are only known once the options are read):
# BodyCommand gathers each --body and the words after it into one value, joined by this
# separator. A control character: parse_text refuses them in any answer, so none holds it.
BODY_SEPARATOR = "\x1f"
_OPTION = re.compile(r"^--?[A-Za-z]")


def gather_bodies(args: list[str]) -> list[str]:
    """The command line with each `--body A B C…` made `--body "A<sep>B<sep>C…"`: the words
    after --body, up to the next option, are its values (a name is never an option)."""
    out: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            out.extend(args[index - 1 :])
            break
        if arg != "--body" and not arg.startswith("--body="):
            out.append(arg)
            continue
        values = [arg.split("=", 1)[1]] if "=" in arg else []
        while index < len(args) and not _OPTION.match(args[index]) and args[index] != "--":
            values.append(args[index])
            index += 1
        out += ["--body", BODY_SEPARATOR.join(values)]
    return out


class BodyCommand(click.Command):
    """`cpc new`, whose --body takes as many names as the compact has languages."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, gather_bodies(args))


# Before Spanish, --body was ACRONYM NAME_FR NAME_EN whatever the languages ('' for the one
# a compact lacks): a one-language French or English compact given two names still takes
# them so.
_LEGACY_BODY = ("fr", "en")


def body_names(acronym: str, names: list[str], languages: tuple[str, ...]) -> dict[str, str]:
    """The names of --body ACRONYM NAME…, one per language of the compact in its order."""
    if len(names) == len(languages):
        return dict(zip(languages, names, strict=True))
    if len(names) == len(_LEGACY_BODY) and len(languages) == 1 and languages[0] in _LEGACY_BODY:
        return {languages[0]: names[_LEGACY_BODY.index(languages[0])]}
    raise ValueError(
        f"--body {acronym} takes one name per language of the compact, in the order of "
        f"--languages ({', '.join(languages)}): {len(languages)} name(s), not {len(names)}"
    )


def _bodies(
    ui: Ui, asker: Asker, given: tuple[str, ...], languages: tuple[str, ...]
) -> tuple[new.BodyAnswer, ...]:
    """The partner's bodies: from --body (each ACRONYM and a name per language), else asked
    in turn until an empty acronym."""
    bodies: list[new.BodyAnswer] = []
    if given or asker.no_input:
        for value in given:
            written, *written_names = value.split(BODY_SEPARATOR)
            try:
                parsed = new.parse_acronym(written)
                if parsed in {body.acronym for body in bodies}:
                    raise ValueError(f"{parsed} is given twice")
                named = body_names(parsed, written_names, languages)
                texts = {lang: new.parse_text(named[lang]) for lang in languages}
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="'--body'") from None
            bodies.append(new.BodyAnswer(parsed, texts))
        if (
            given
            and {"fr", "en"} <= set(languages)
            and languages.index("en") < languages.index("fr")
        ):
            # The names follow --languages; a script written for NAME_FR NAME_EN reads wrong.
            ui.info(f"  --body: names read in the order of --languages ({', '.join(languages)})")
        return tuple(bodies)
    click.echo(
        "The partner's bodies that the text names by acronym (committees, ministries…), "
        f"one at a time; {', '.join(new.STANDARD_ACRONYMS)} are already defined.",
        err=True,
    )
    while True:
        taken = {body.acronym for body in bodies}

        def acronym(value: str, taken: set[str] = taken) -> str:
            parsed = new.parse_acronym(value)
            if parsed in taken:
                raise ValueError(f"{parsed} is already given")
            return parsed

        answer = asker.ask_optional(
            "body_acronym", "Acronym of a body", acronym, "--body", "Enter when done"
        )
        if answer is None:
            return tuple(bodies)
        names = {
            lang: asker.ask(
                f"body_name_{lang}",
                f"Name of {answer} in {new.language_name(lang)}",
                new.parse_text,
            )
            for lang in languages
        }
        bodies.append(new.BodyAnswer(answer, names))


# The help of the per-language options, where a language has words of its own; any other
# (a language folder added since) gets GENERIC_HELP.
OPTION_HELP: dict[tuple[str, str], str] = {
    ("country", "fr"): "The partner country in French, with its article, as after 'pour': la "
    "Côte d'Ivoire, le Ghana, les Philippines, l'Ouganda, Madagascar (given without it, a "
    "country that takes one gets it, and you are told).",
    ("country", "en"): "The partner country in English, as after 'for': Côte d'Ivoire, the "
    "Philippines.",
    ("country", "es"): "The partner country in Spanish, as after 'para', with its article when "
    "it takes one: el Perú, Colombia, Filipinas.",
    ("government", "fr"): 'The partner government, with its article: "le Gouvernement de la '
    "République de Côte d'Ivoire\" (default: from the country).",
    ("government", "en"): 'The partner government: "the Government of the Republic of Côte '
    "d'Ivoire\" (default: from the country).",
    ("government", "es"): 'The partner government, with its article: "el Gobierno de la '
    'República del Perú" (default: from the country).',
    ("focal_name", "fr"): "The partner's focal point in French, e.g. \"Le Comité National de "
    'Surveillance (CNS)".',
}
GENERIC_HELP = {
    "country": "The partner country in {language}, as it reads after the word for 'for'.",
    "government": "The partner government in {language}, with its article.",
    "place": "Place of signature in {language}, when the languages differ.",
    "focal_name": "The partner's focal point in {language}.",
}
# The questions for the country, which say how each language writes it.
COUNTRY_QUESTIONS = {
    "fr": "Partner country in French, with its article, as it reads after « pour » (e.g. la "
    "Côte d'Ivoire, le Ghana, Madagascar)",
    "en": "Partner country in English, as it reads after “for” (e.g. Côte d'Ivoire, the "
    "Philippines)",
    "es": "Partner country in Spanish, as it reads after «para», with its article when it "
    "takes one (e.g. el Perú, Colombia)",
}


def language_options(name: str) -> Callable[[F], F]:
    """The options --NAME-fr, --NAME-en, --NAME-es…: one per language with a template folder,
    in the order of model.LANGUAGES."""

    def decorate(function: F) -> F:
        for lang in reversed(LANGUAGES):  # decorators apply last first
            text = OPTION_HELP.get((name, lang)) or GENERIC_HELP[name].format(
                language=new.language_name(lang)
            )
            function = click.option(f"--{name.replace('_', '-')}-{lang}", help=text)(function)
        return function

    return decorate


@click.command(
    cls=BodyCommand,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--languages",
    multiple=True,
    callback=lambda _ctx, _param, value: ",".join(value) if value else None,
    help=f"Languages of the compact, in their order, of {', '.join(LANGUAGES)}: fr,en "
    "(default), es,en, fr or en; or --languages es --languages en.",
)
@language_options("country")
@language_options("government")
@click.option(
    "--partner-id",
    help="Short id of the partner, e.g. civ (default: the country's "
    "ISO 3166 alpha-3 code in lower case).",
)
@click.option("--place", help="Place of signature, the same in every language (e.g. Abidjan).")
@language_options("place")
@click.option("--date", help="Planned signature date, YYYY-MM-DD.")
@click.option(
    "--id",
    "compact_id",
    help="Id of the compact, the file's stem (default: PARTNER-YEAR, e.g. civ-2025).",
)
@click.option(
    "--duration",
    help=f"Duration, at most five years: '5 years', '36 months' (default: {new.DEFAULT_DURATION}).",
)
@click.option(
    "--amount",
    help="The US contribution in US dollars, a ceiling ('up to'): "
    f"5000000 or '5 million' (default: {new.DEFAULT_AMOUNT}). Under "
    f"{new.SMALL_AMOUNT:,} in bare digits ('4') it is asked to be confirmed (refused with "
    "--no-input) unless written with its currency: '4 USD', 'US$4'.",
)
@click.option(
    "--body",
    "bodies",
    multiple=True,
    metavar="ACRONYM NAME…",
    help="A body of the partner that the text names by acronym, and its name in each "
    "language of the compact, in the order of --languages (repeat for several): --body HTS "
    "'Secrétariat …' 'Human Trafficking Secretariat'.",
)
@language_options("focal_name")
@click.option("--focal-email", help="The e-mail address of the partner's focal point.")
@click.option("--focal-phone", help="The telephone of the partner's focal point (optional).")
@click.option(
    "--us-email",
    default=new.US_EMAIL,
    show_default=True,
    help="The e-mail address of the US focal point (the TIP Office).",
)
@click.option(
    "--inline-clauses",
    is_flag=True,
    help="Write the text of the standard "
    "sections into the file, to negotiate it, instead of `standard`.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: compacts/ID.yaml).",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--no-input",
    is_flag=True,
    help="Ask nothing: take the options and the defaults; the answers missing without a "
    "default are one usage error that lists them all (for scripts).",
)
@verbosity
@click.pass_obj
def new_command(ui: Ui, **params: Any) -> None:
    """Start a new compact: a YAML file that validates, with what is left to write marked.

    Asks for the partner, the languages, the signature place and date, the duration, the US
    amount, the partner's bodies and focal point (each question is also an option), then
    writes the compact: the standard sections (definitions, monitoring, indicators,
    communications, amendment, confidentiality, entry into force, disputes) by reference to
    the library of standard clauses, the parties, the commitments, the term and the signature
    filled in, and an outline of the rest (preamble, purpose, goal, objectives with their
    activities and indicators, signatories, the statute's elements F and G) marked TODO.
    `cpc validate` lists each TODO as "still to write".

    Exit status: 0 when the file is written, 1 when it exists (without --force) or cannot be
    written, 2 for a bad option value.

    \b
    Examples:
      cpc new                                   answer the questions
      cpc new --no-input --country-fr "le Ghana" --country-en Ghana --place Accra \\
          --date 2025-03-14 --amount "5 million" \\
          --body HTS "Secrétariat de lutte contre la traite" "Human Trafficking Secretariat" \\
          --focal-name-fr "Le Secrétariat (HTS)" --focal-name-en "The Secretariat (HTS)" \\
          --focal-email hts@example.gov.gh
      cpc new --no-input --languages es,en --country-es "el Perú" --place Lima \\
          --date 2025-06-15 --body CMNP "Comisión Multisectorial" "Multisectoral Commission" \\
          --focal-name-es "La Comisión (CMNP)" --focal-name-en "The Commission (CMNP)" \\
          --focal-email cmnp@example.gob.pe
    """
    output: Path | None = params["output"]
    force: bool = params["force"]
    if output is not None and output.exists() and not force:
        ui.error(f"{output} already exists; choose another --output, or use --force")
        sys.exit(1)
    asker = Asker(params, params["no_input"])
    answers = _answers(ui, asker, params)
    asker.finish()
    path = output or default_output(answers.compact_id)
    if path.exists() and not force:
        ui.error(f"{path} already exists; choose another --id or --output, or use --force")
        sys.exit(1)
    text = compact_yaml(answers, inline_clauses=params["inline_clauses"])
    try:
        write_atomic(path, text.encode("utf-8"))
    except CpcError as exc:
        ui.error(str(exc))
        sys.exit(1)
    ui.info(f"wrote {path}")
    _summary(ui, path)


def _answers(ui: Ui, asker: Asker, params: dict[str, Any]) -> new.Answers:
    """Every answer, in the order of the questions (later defaults use earlier answers)."""
    languages = asker.ask(
        "languages",
        f"Languages of the compact, of {', '.join(LANGUAGES)} (fr,en / es,en / fr / en…)",
        new.parse_languages,
        "fr,en",
    )
    _refuse_other_languages(params, languages)
    first = languages[0]

    def other_language(lang: str, so_far: dict[str, str]) -> str | None:
        if not so_far:
            return None
        other, name = next(iter(so_far.items()))
        return new.default_country_name(name, other, lang)

    country = asker.texts(
        "country",
        languages,
        lambda lang: COUNTRY_QUESTIONS.get(lang, f"Partner country in {new.language_name(lang)}"),
        other_language,
    )
    if "fr" in country and "country_fr" not in asker.stood_in:
        # "Ghana" → "le Ghana": the government and the commitments say « du Ghana » from it.
        country["fr"], note = new.french_country_answer(country["fr"])
        if note is not None:
            ui.info(f"  {note}")
    government = asker.texts(
        "government",
        languages,
        lambda lang: f"The partner government in {new.language_name(lang)}, with its article",
        lambda lang, _so_far: new.default_government(country[lang], lang),
    )
    partner_id = asker.ask(
        "partner_id",
        "Short id of the partner (lower case)",
        new.parse_partner_id,
        new.default_partner_id(country[first], first),
    )
    if params["place"] is not None:  # --place: the same place in every language
        for lang in languages:
            params[f"place_{lang}"] = params[f"place_{lang}"] or params["place"]
    place = asker.texts(
        "place",
        languages,
        lambda lang: f"Place of signature in {new.language_name(lang)}",
        lambda lang, so_far: next(iter(so_far.values()), None),
        alternative="--place",
    )
    date = asker.ask("date", "Planned signature date (YYYY-MM-DD)", new.parse_date)
    given_id = params["compact_id"] is not None or asker.no_input
    compact_id = asker.ask(
        "compact_id",
        "Id of the compact (names the file)",
        new.parse_id if given_id else _new_id(params["output"], params["force"]),
        _id_of(params["output"]) or new.default_compact_id(partner_id, date),
        flag="--id",
    )
    duration = asker.ask(
        "duration", "Duration (at most 5 years)", new.parse_duration, new.DEFAULT_DURATION
    )
    amount = asker.ask(
        "amount", "US contribution, up to (US dollars)", _amount(asker), new.DEFAULT_AMOUNT
    )
    if not asker.no_input:
        readings = " / ".join(format_money(Money(value=amount), lang) for lang in languages)
        click.echo(f"  up to {readings}", err=True)
        if amount > RuleSettings().us_ceiling:
            click.echo("  (above the usual ceiling of about US$5 million: a warning)", err=True)
    bodies = _bodies(ui, asker, params["bodies"], languages)
    focal_name = asker.texts(
        "focal_name",
        languages,
        lambda lang: f"The partner's focal point in {new.language_name(lang)} (office or body)",
    )
    focal_email = asker.ask("focal_email", "Its e-mail address", new.parse_email)
    focal_phone = asker.ask_optional("focal_phone", "Its telephone", new.parse_phone)
    us_email = asker.ask("us_email", "E-mail of the US focal point", new.parse_email)
    return new.Answers(
        compact_id=compact_id,
        languages=languages,
        partner_id=partner_id,
        country=country,
        government=government,
        place=place,
        date=date,
        duration=duration,
        amount=amount,
        focal_point=new.FocalPointAnswer(focal_name, focal_email, focal_phone),
        bodies=bodies,
        us_email=us_email,
    )


def _summary(ui: Ui, path: Path) -> None:
    """How much is left to write, from the same rules `cpc validate` runs."""
    from cpc_docs.load.compact import load_compact
    from cpc_docs.rules.compact import check

    try:
        compact, source = load_compact(path)
    except ValidationFailed as exc:  # a bug of `cpc new`: say it plainly
        for finding in exc.findings:
            ui.finding(finding)
        ui.error(f"{path}: the new compact does not validate; please report this")
        sys.exit(1)
    left = [f for f in check(compact, source) if f.severity == "error"]
    ui.info(f"{len(left)} parts still to write; 'cpc validate {path}' lists them with their lines.")
