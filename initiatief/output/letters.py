"""The decision letters rendered: a Jinja2 template per kind and language, filled with a letter's facts.

Every template, bundled or the round's own (letters/award.nl.md.j2, docs/letters.md), renders
in a sandbox (`jinja2.sandbox`) with StrictUndefined: a template cannot reach Python's
internals, and a name it does not know is an error naming the template's file and line,
never a blank in a letter. Every value a template prints is escaped for the letter's
Markdown first (so a title cannot become a heading, a link or HTML) and a value that is
not given (None) cannot be printed at all. The Markdown is then written as Markdown, as one
HTML file (every text HTML-escaped) or as .docx (output/docx.py).
"""

from __future__ import annotations

import inspect
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from initiatief.errors import InputError, Problem
from initiatief.loading.letters import RoundTemplate, reference_number
from initiatief.models import FUNDED, Language, LetterSettings, Outcome, Status
from initiatief.output.letter_blocks import Block, parse
from initiatief.output.markdown import escape
from initiatief.reasons import Code
from initiatief.reports.letters import Letter, LetterKind
from initiatief.texts.formats import long_date, money, percent, plain_number, score_text
from initiatief.texts.letters import bundled_shown, bundled_template, letter_phrase, rank_sentence, tie_sentence

MAX_OUTPUT = 1_000_000
"""A letter longer than this many characters is a template error (a loop gone wrong)."""
_MAX_REPEAT = 100_000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\Z")
_LEADING = re.compile(r"^(\d*)([-+.)])(?=\s|$)")
_UNDERLINE = re.compile(r"^(\s*)([=-])(?=[\s=-]*\Z)")
"""A value of only '=', '-' and spaces: as a line of its own, a setext heading's underline or a rule."""


def template_name(kind: str, language: Language) -> str:
    """Return the file name of a kind's template: 'award.nl.md.j2'."""
    return f"{kind}.{language.value}.md.j2"


def letter_escape(text: str) -> str:
    """Return a value as Markdown that shows it literally, even at the start of a line ('- ', '1.'), and even as a
    line of its own: '===' or '---' under a line would make that line a heading (a setext underline), '---' alone
    a rule; a backslash before the first mark keeps them text."""
    escaped = _LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), escape(text))
    return _UNDERLINE.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def _finalize(value: Any) -> str:
    if value is None:
        raise ValueError("prints a value that is not given (None); put it inside {% if … %}")
    if isinstance(value, bool):
        raise ValueError("prints yes/no; use it in {% if … %}")
    return letter_escape(str(value))


class _Bounded(NodeTransformer):
    """Every loop counts its steps (environment.looped), and every `~` is joined with its size checked first."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.EnvironmentAttribute("looped"), [node.iter], [], None, None, lineno=node.lineno)
        return node

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        self.generic_visit(node)
        if isinstance(node.node, nodes.Name) and node.node.name == "loop" and node.args:  # a recursive loop's step
            node.args[0] = nodes.Call(nodes.EnvironmentAttribute("looped"), [node.args[0]], [], None, None,
                                      lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.EnvironmentAttribute("joined"), [nodes.List(node.nodes, lineno=node.lineno)], [],
                          None, None, lineno=node.lineno)

    # What a template builds (a list, a tuple, a dict) and what it compares or tests is measured first: a list
    # that holds another twice, twenty times over, is small to hold and huge to print, compare or walk.

    def _measured(self, node: nodes.Expr) -> nodes.Expr:
        return nodes.Call(nodes.EnvironmentAttribute("measured"), [node], [], None, None, lineno=node.lineno)

    def visit_List(self, node: nodes.List) -> nodes.Node:
        self.generic_visit(node)
        return self._measured(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        self.generic_visit(node)
        return self._measured(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        self.generic_visit(node)
        return self._measured(node) if node.ctx == "load" else node

    def visit_Compare(self, node: nodes.Compare) -> nodes.Node:
        self.generic_visit(node)
        node.expr = self._measured(node.expr)
        for operand in node.ops:
            operand.expr = self._measured(operand.expr)
        return node

    def visit_Test(self, node: nodes.Test) -> nodes.Node:
        self.generic_visit(node)
        node.node = self._measured(node.node)
        node.args = [self._measured(a) for a in node.args]
        return node


_UNSAFE_TEXT_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "format",
                                  "format_map"})
"""Methods of a text that can make it far longer; a template has filters for what it needs (bounded below)."""
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?")
_MAX_BITS = 100_000


def _too_long(size: int, what: str) -> None:
    if size > MAX_OUTPUT:
        raise SecurityError(f"{what} would make a text of more than {MAX_OUTPUT:,} characters")


def _percent_size(template: str, args: Any) -> int:
    """Return at most how long `template % args` is, refusing widths given by `*` or above 10,000."""
    values = list(args.values()) if isinstance(args, Mapping) else list(args) if isinstance(args, tuple) else [args]
    longest = max((len(str(v)) for v in values), default=0)
    widest = 0
    for width, precision in _PERCENT_SPEC.findall(template.replace("%%", "")):  # '%%' is a percent sign
        for number in (width, precision):
            if number == "*" or (number and int(number) > 10_000):
                raise SecurityError("a width that large is not allowed in a letter template")
            widest = max(widest, int(number) if number else 0)
    return len(template) + template.count("%") * (longest + widest)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, also against a template that would build a string or a number too large to hold, loop
    without end or print without end: bounded work on bad input, as for every other file of a round."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # lipsum(10**7): pages of Latin, no use in a letter
        for name in list(self.filters):
            self.filters[name] = _metered_filter(self, name, self.filters[name], _FILTER_CHECKS.get(name))
        self.steps = 0
        self.printed = 0
        self.work = 0

    def begin(self) -> None:
        """Start a letter: its loops, calls, work and what it prints are counted afresh."""
        self.steps = 0
        self.printed = 0
        self.work = 0

    def step(self) -> None:
        """Count one step: of a loop, or a call (a macro, a function, a filter)."""
        self.steps += 1
        if self.steps > _MAX_STEPS:
            raise SecurityError(f"the loops and calls of a letter take more than {_MAX_STEPS:,} steps")

    def measured(self, value: Any) -> Any:
        """Return `value`, its size measured first (`_extent`: every text's characters and every item, an item
        held twice counted twice) and charged to the letter's work; one larger than a letter may print is refused."""
        size = _extent(value, MAX_OUTPUT)
        self.work += size
        if self.work > _MAX_WORK:
            raise SecurityError(f"the template of a letter does more than {_MAX_WORK:,} units of work "
                                "(characters and items read or built)")
        return value

    def wrap_str_format(self, value: Any) -> None:
        """`.format()` of a text is not available (Jinja 3.1.5 and later would offer it before checking an
        attribute): its widths are unbounded; the filter `format` is checked."""
        return None

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if getattr(__obj, "__self__", None) is not __self:  # not the measuring this sandbox puts in a template
            __self.step()
            __self.measured((args, kwargs))
        return super().call(__context, __obj, *args, **kwargs)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        bounded = _Bounded().visit(tree)
        assert isinstance(bounded, nodes.Template)
        return bounded

    def looped(self, iterable: Any) -> Any:
        for item in iterable:
            self.step()
            yield item

    def joined(self, parts: list[Any]) -> str:
        self.measured(parts)
        texts = [str(part) for part in parts]
        _too_long(sum(map(len, texts)), "'~'")
        return "".join(texts)

    def spend(self, text: str) -> str:
        self.printed += len(text)
        if self.printed > MAX_OUTPUT:
            raise SecurityError(f"the letter prints more than {MAX_OUTPUT:,} characters")
        return text

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _UNSAFE_TEXT_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise SecurityError("a power that large is not allowed in a letter template")
        if operator in ("*", "**") and isinstance(left, int) and isinstance(right, int):
            bits = left.bit_length() * (abs(right) if operator == "**" else 1) + (
                0 if operator == "**" else right.bit_length())
            if bits > _MAX_BITS:
                raise SecurityError("a number that large is not allowed in a letter template")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > _MAX_REPEAT:
                    raise SecurityError("a repetition that large is not allowed in a letter template")
        if operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            _too_long(len(left) + len(right), "'+'")
        if operator == "%" and isinstance(left, str):
            self.measured(right)
            _too_long(_percent_size(left, right), "'%'")
        return super().call_binop(context, operator, left, right)


def _extent(value: Any, most: int) -> int:
    """Return how large a value is to print or walk: a text's characters, a list's, tuple's, set's or dict's items
    and theirs (an item held twice counted twice), 1 for anything else; refused once it is past `most`."""
    size = 0
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, str):  # Markup too
            size += len(item) + 1
        elif isinstance(item, list | tuple | set | frozenset):
            size += len(item) + 1
            waiting.extend(item)
        elif isinstance(item, dict):
            size += 2 * len(item) + 1
            waiting.extend(item.keys())
            waiting.extend(item.values())
        else:
            size += 1
        if size > most:
            raise SecurityError(f"a value of more than {most:,} characters and items is not allowed in a letter "
                                "template")
    return size


def _metered_filter(env: _Sandbox, name: str, original: Callable[..., Any],
                    check: Callable[[inspect.BoundArguments], None] | None) -> Any:
    """Return the filter `original`, counted as a step, its arguments and its result measured (`_Sandbox.measured`)
    and, for a filter that can make a text far longer than what it is given, that size checked before it is made."""
    checked = original if check is None else _checked_filter(original, check)
    passes = hasattr(original, "jinja_pass_arg")

    def metered(*args: Any, **kwargs: Any) -> Any:
        env.step()
        env.measured((args[1:] if passes else args, kwargs))  # not the context or environment Jinja passes first
        return env.measured(checked(*args, **kwargs))

    if passes:
        metered.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    metered.__name__ = name
    return metered


def _checked_filter(original: Callable[..., Any], check: Callable[[inspect.BoundArguments], None]) -> Any:
    """Return the filter `original`, checking the size of what it would make before it makes it."""
    # A filter made by jinja's async_variant takes the eval context first, which the function it wraps (whose
    # signature inspect reports) may not: the argument Jinja passes first is set apart, and the function's own
    # first parameter (pass_environment, pass_eval_context) is not bound to a template's argument.
    target = inspect.unwrap(original)
    parameters = list(inspect.signature(target).parameters.values())
    signature = inspect.Signature(parameters[1:] if hasattr(target, "jinja_pass_arg") else parameters)
    passes = hasattr(original, "jinja_pass_arg")

    def checked(*args: Any, **kwargs: Any) -> Any:
        lead, rest = (args[:1], args[1:]) if passes else ((), args)
        bound = signature.bind(*rest, **kwargs)
        bound.apply_defaults()
        check(bound)
        return original(*lead, *bound.args, **bound.kwargs)

    if passes:  # pass_eval_context, pass_environment: passed on the same way
        checked.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    return checked


def _replace_check(b: inspect.BoundArguments) -> None:
    text, old, new = (str(b.arguments[name]) for name in ("s", "old", "new"))
    count = b.arguments["count"]
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int):
        times = min(times, max(count, 0))
    _too_long(len(text) + times * max(0, len(new) - len(old)), "replace")


def _width_check(b: inspect.BoundArguments) -> None:
    width = b.arguments["width"]
    if isinstance(width, int):
        _too_long(width, "center")


def _indent_check(b: inspect.BoundArguments) -> None:
    text, width = str(b.arguments["s"]), b.arguments["width"]
    _too_long(len(text) + (text.count("\n") + 1) * (width if isinstance(width, int) else len(str(width))), "indent")


def _wordwrap_check(b: inspect.BoundArguments) -> None:
    text, wrap = str(b.arguments["s"]), b.arguments["wrapstring"]
    _too_long(len(text) * (1 + len(str(wrap)) if wrap is not None else 2), "wordwrap")


def _join_check(b: inspect.BoundArguments) -> None:
    items = list(b.arguments["value"])
    b.arguments["value"] = items
    if b.arguments["attribute"] is None:
        _too_long(sum(len(str(i)) for i in items) + len(items) * len(str(b.arguments["d"])), "join")


def _format_check(b: inspect.BoundArguments) -> None:
    _too_long(_percent_size(str(b.arguments["value"]), b.arguments["kwargs"] or b.arguments["args"]), "format")


def _count_check(name: str, what: str) -> Callable[[inspect.BoundArguments], None]:
    def check(b: inspect.BoundArguments) -> None:
        number = b.arguments[name]
        if isinstance(number, int) and number > _MAX_REPEAT:
            raise SecurityError(f"{what} that large is not allowed in a letter template")
    return check


def _sum_check(b: inspect.BoundArguments) -> None:
    if not isinstance(b.arguments["start"], int | float | Decimal):
        raise SecurityError("sum adds numbers only in a letter template")


_FILTER_CHECKS: dict[str, Callable[[inspect.BoundArguments], None]] = {
    "replace": _replace_check, "center": _width_check, "indent": _indent_check, "wordwrap": _wordwrap_check,
    "join": _join_check, "format": _format_check, "batch": _count_check("linecount", "a batch"),
    "slice": _count_check("slices", "a number of slices"), "sum": _sum_check,
}
_MAX_STEPS = 100_000
"""A letter's loops and calls may take this many steps in all (the bundled letters take a few dozen)."""
_MAX_WORK = 20_000_000
"""The characters and items a letter's template may read or build in all (`_Sandbox.measured`; the bundled letters
need a few thousand): a second or two of work at most."""


@dataclass(frozen=True)
class Rendered:
    """One letter rendered: its facts and its text as blocks."""

    letter: Letter
    blocks: tuple[Block, ...]
    title: str


def environment(own: Mapping[str, RoundTemplate]) -> _Sandbox:
    """Return the sandboxed environment: the round's own templates first, then the bundled ones."""
    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        if not _NAME.match(name):
            return None
        if name in own:
            return own[name].source, own[name].shown, lambda: True
        source = bundled_template(name)
        return (source, bundled_shown(name), lambda: True) if source is not None else None

    @jinja2.pass_environment
    def finalize(env: _Sandbox, value: Any) -> str:
        return env.spend(_finalize(env.measured(value)))

    return _Sandbox(loader=jinja2.FunctionLoader(load), undefined=jinja2.StrictUndefined, finalize=finalize,
                    autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_letters(
    outcome: Outcome, letters: tuple[Letter, ...], settings: LetterSettings, language: Language,
    own: Mapping[str, RoundTemplate],
) -> list[Rendered]:
    """Return every letter rendered; an error in a template is an InputError naming its file and line."""
    env = environment(own)
    shown = {t.shown for t in own.values()}
    rendered: list[Rendered] = []
    problems: dict[str, Problem] = {}
    for item in letters:
        name = template_name(item.kind.value, language)
        if name in problems:
            continue
        context = letter_context(outcome, item, settings, language)
        try:
            env.begin()
            text = env.get_template(name).render(context)
            if len(text) > MAX_OUTPUT:
                raise ValueError(f"renders more than {MAX_OUTPUT:,} characters")
        except jinja2.TemplateNotFound as exc:
            problems[name] = Problem(bundled_shown(name), None, f"no template '{exc.name}'",
                                     "a template bundled with initiatief or in the round's letters/ folder")
            continue
        except jinja2.TemplateSyntaxError as exc:
            problems[name] = Problem(exc.filename or exc.name or name, exc.lineno,
                                     f"template syntax error: {exc.message}", "a valid Jinja2 template")
            continue
        except Exception as exc:  # noqa: BLE001 - any error of a template is the template's, never a traceback
            file, line = _where(exc, shown | {bundled_shown(name)}, name)
            problems[name] = Problem(file, line, f"the template cannot be rendered: {_message(exc)}",
                                     "names from the list in docs/letters.md, and no Python internals")
            continue
        subject = item.result.submission.title
        rendered.append(Rendered(item, parse(text), subject))
    if problems:
        raise InputError(list(problems.values()))
    return rendered


def _where(exc: BaseException, files: set[str], name: str) -> tuple[str, int | None]:
    """Return the template file and line an error was raised at (the innermost template frame)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in files or "letters/" in f.filename
              and f.filename.endswith(".md.j2")]
    if frames:
        return frames[-1].filename, frames[-1].lineno
    return bundled_shown(name), None


def _message(exc: BaseException) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message} (an unknown name, or one a template may not use)"
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:300]


# --- what a template gets (docs/letters.md lists it) ---------------------------------------


def letter_context(outcome: Outcome, item: Letter, settings: LetterSettings, language: Language) -> dict[str, Any]:
    """Return the variables a letter's template gets: texts ready to print, None where a fact does not apply."""
    round_ = outcome.round
    result = item.result
    submission = result.submission
    pots = {p.pot.id: p.pot.label for p in outcome.pots}

    def m(amount: Any) -> str | None:
        return money(amount, language) if amount is not None else None

    def date(value: Any) -> str | None:
        return long_date(value, language) if value is not None else None

    def say(reasons: tuple[Any, ...]) -> list[str]:
        return [letter_phrase(r, language, lambda pot: pots.get(pot, pot)) for r in reasons]

    criteria = {c.id: c for c in round_.criteria}

    def number(value: Decimal | None) -> str | None:
        return plain_number(value, language) if value is not None else None

    scores = [
        {"label": criteria[s.criterion].label, "score": score_text(s.combined, language),
         "minimum": number(criteria[s.criterion].minimum), "low": number(criteria[s.criterion].low),
         "high": number(criteria[s.criterion].high), "weight": number(criteria[s.criterion].weight),
         "below": s.below_minimum}
        for s in result.criteria if s.criterion in criteria
    ]
    funded = result.status in FUNDED
    award = {
        "amount": m(result.awarded), "total": m(item.total), "partial": result.status is Status.PARTLY_AWARDED,
        "paid_by": [{"pot": pots.get(pot, pot), "amount": m(part)} for pot, part in result.paid_by],
        "prize": {"label": result.prize.label, "amount": m(result.prize.amount)} if result.prize else None,
    } if funded else None
    decision = None
    if item.decision is not None:
        decision = {"date": date(item.decision["date"]), "reason": str(item.decision["reason"]).strip().rstrip("."),
                    "text": say((item.decision,))[0]}
    values = {"year": str(round_.year), "id": submission.id, "round": round_.name}
    applicant = submission.applicant
    return {
        "kind": item.kind.value,
        "language": language.value,
        "sender": {"organisation": settings.organisation, "department": settings.department,
                   "address": list(settings.address), "contact": settings.contact, "signatory": settings.signatory,
                   "function": settings.function},
        "regulation": {"name": settings.regulation, "article": settings.article, "published": settings.published},
        "date": date(settings.date),
        "reference": reference_number(settings.reference, values) if settings.reference else None,
        "objection": {"address": list(settings.objection_to), "weeks": settings.objection_weeks},
        "payment": settings.payment,
        "account_by": date(settings.account_by),
        "obligations": settings.obligations,
        "round": {"name": round_.name, "year": round_.year, "ceiling": m(round_.ceiling),
                  "method": outcome.method.value},
        "applicant": {"name": applicant.name, "private": applicant.is_private, "contact": applicant.contact,
                      "email": applicant.email,
                      "address": [x.strip() for x in (applicant.address or "").splitlines() if x.strip()]},
        "submission": {"id": submission.id, "title": submission.title, "requested": m(submission.requested),
                       "cost": m(submission.cost), "received": date(submission.received), "stage": submission.stage},
        "award": award,
        "caps": say(item.caps),
        "sharing": say(item.sharing),
        "failures": say(item.failures),
        "insufficient": say(item.insufficient),
        "shortfall": say(item.shortfall),
        "votes": say(item.votes),
        # Awb 4:25 (the ceiling or a pot reached) is the ground only where the money stopped the plan: not funded
        # or partly funded; not below the vote threshold (too-few-votes), not when the voters' equal shares ran out.
        "ceiling_reached": result.status in (Status.NOT_FUNDED, Status.PARTLY_AWARDED)
        and item.kind is not LetterKind.TOO_FEW_VOTES
        and not any(r.code is Code.MES_UNAFFORDABLE for r in item.shortfall),
        "jury": bool(round_.criteria) and (not outcome.method.by_votes
                                           or (round_.voting is not None and round_.voting.jury)),
        "decision": decision,
        "scores": scores,
        "score": score_text(result.score, language) if result.score is not None else None,
        "pass_score": score_text(round_.pass_score, language),
        "max_score": score_text(round_.max_score, language),
        "pass_mark": percent(round_.assessment.pass_mark, language),
        "passing": round_.assessment.pass_mark > 0,
        "rank": result.rank,
        "rank_sentence": rank_sentence(outcome.method, result.rank, language) if result.rank is not None else None,
        "tie": tie_sentence(outcome.method, item.tie, submission.id, language) if item.tie is not None else None,
        "stage": submission.stage,
        "assessed_stage": round_.assessed_stage,
        "earlier_stage": say(tuple(r for r in result.reasons if r.code.value == "earlier-stage")),
    }
