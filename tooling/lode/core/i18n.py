"""What the tools say, in the reader's language: gettext catalogs, chosen per run.

Messages are written in English where they arise and translated only where they are
shown. :func:`msg` marks a message template for extraction (``make i18n``) and returns
a :class:`Msg`: a ``str`` holding the English text, which also remembers its template
and arguments, so a finding keeps meaning the same thing to every caller that compares,
sorts or stores it, while a renderer can show it in Chinese with :func:`tr`. Code
summaries and hints, and the command line's help texts, are plain strings: their
English is the catalog key (their extraction is in ``i18n_extract.py``).

The language of a run is a context variable, set by the command line (``--lang`` or
the locale) and read by the renderers; the library's checks never read it, and the
machine formats give every language at once (:func:`all_langs`), so a JSON report is
the same whatever the reader's locale. Catalogs are ``lode/locale/<lang>/LC_MESSAGES/
lode.mo``, read with the standard library's ``gettext``; Babel is needed only to
extract, update and compile them (see site/contributing.en.md, "Translations").
"""

from __future__ import annotations

import contextlib
import gettext
import os
import string
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

LANGS = ("en", "zh")  # English is the catalogs' source language
DEFAULT_LANG = "en"
DOMAIN = "lode"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_lang: ContextVar[str] = ContextVar("lode_lang", default=DEFAULT_LANG)


class Msg(str):
    """A message: its English text (the ``str`` itself), template and arguments.

    ``Msg("node id {id!r} is used twice", id="x")`` is the string ``node id 'x' is used
    twice``; :func:`tr` formats the template's translation with the same arguments.
    ``plural`` is the English plural template, chosen by the argument ``n``."""

    template: str
    plural: str | None
    args: Mapping[str, Any]

    def __new__(cls, template: str, plural: str | None = None, /, **args: Any) -> Msg:
        chosen = plural if plural is not None and args.get("n") != 1 else template
        if args:
            # A plain argument (a nested message too: its str is its English) formats as
            # it is; only a text in several languages needs choosing.
            plain = all(isinstance(v, _PLAIN) for v in args.values())
            chosen = chosen.format_map(args if plain else _Args(args, DEFAULT_LANG))
        self = super().__new__(cls, chosen)
        self.template, self.plural, self.args = template, plural, args
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickled across processes (lode check --jobs)
        # The English as it is, not formatted again: a batch's verdicts cross processes in
        # their thousands. An argument that may not pickle is kept as its texts (freeze).
        args = {k: v if isinstance(v, _PLAIN) else _texts(v) for k, v in self.args.items()}
        return (_restore, (str(self), self.template, self.plural, args))


def _restore(text: str, template: str, plural: str | None, args: Mapping[str, Any]) -> Msg:
    self = str.__new__(Msg, text)
    self.template, self.plural, self.args = template, plural, args
    return self


_PLAIN = (str, int, float, bool, type(None))


def freeze(text: str | None) -> Any:
    """``text`` as plain values (for marshal, pickle and the validation cache): a
    :class:`Msg` as ``(template, plural, args)``, where an argument that is not a plain
    value (an exception, a path) is kept as the text it showed; any other string as is."""
    if not isinstance(text, Msg):
        return text
    args = {k: freeze(v) if isinstance(v, Msg) else v if isinstance(v, _PLAIN) else _texts(v)
            for k, v in text.args.items()}
    return (text.template, text.plural, args)


def _texts(value: Any) -> Any:
    if _is_texts(value):
        return {k: value[k] for k in LANGS if isinstance(value.get(k), str)}  # the texts stay, one per language
    return str(value)


def thaw(data: Any) -> Any:
    """The inverse of :func:`freeze`."""
    if isinstance(data, (tuple, list)) and len(data) == 3 and isinstance(data[2], dict):
        return Msg(data[0], data[1], **{k: thaw(v) for k, v in data[2].items()})
    return data


def msg(template: str, /, **args: Any) -> Msg:
    """Mark ``template`` for translation and fill it in (``str.format`` with ``args``)."""
    return Msg(template, **args)


def msgn(singular: str, plural: str, n: int, /, **args: Any) -> Msg:
    """A message with a plural form chosen by ``n`` (``n`` is also an argument)."""
    return Msg(singular, plural, n=n, **args)


def N_(text: str) -> str:
    """Mark a constant for extraction; it is translated where it is shown (:func:`tr`)."""
    return text


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English: the identity). A missing catalog shows English
    rather than failing a run (tests/unit/test_i18n_catalog.py checks that every catalog
    is there, in the tree and in the wheel)."""
    if lang == DEFAULT_LANG:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def current_lang() -> str:
    return _lang.get()


@contextlib.contextmanager
def use_lang(lang: str) -> Iterator[None]:
    """Show messages in ``lang`` within the block."""
    token = _lang.set(check_lang(lang))
    try:
        yield
    finally:
        _lang.reset(token)


def set_lang(lang: str) -> None:
    """Show messages in ``lang`` from now on in this context (the command line's choice)."""
    _lang.set(check_lang(lang))


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGS)}")
    return lang


def lang_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for, as gettext reads it: the first set of
    ``LANGUAGE`` (a colon-separated list), ``LC_ALL``, ``LC_MESSAGES``, ``LANG``.
    Chinese when it names Chinese (``zh_CN.UTF-8``, ``zh``), else English."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        for item in value.split(":"):  # LANGUAGE lists languages in order of preference
            base = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if base in LANGS:
                return base
        return DEFAULT_LANG  # the first variable set decides, even for a language Lode lacks
    return DEFAULT_LANG


def _pick(value: Any, lang: str) -> Any:
    """An argument as shown in ``lang``: a nested message translated, a text given in
    several languages (``{"zh": …, "en": …}``, e.g. a metric's title) in ``lang`` when it
    has it, else in English, else in any language it has."""
    if isinstance(value, Msg):
        return tr(value, lang)
    if _is_texts(value):
        return value.get(lang) or value.get(DEFAULT_LANG) or next(value[k] for k in LANGS if value.get(k))
    return value


def _is_texts(value: Any) -> bool:
    """A text in several languages: a mapping with a text under one of Lode's languages
    (other keys, such as a title's ``translated-from``, are ignored)."""
    return not isinstance(value, _PLAIN) and isinstance(value, Mapping) and any(isinstance(value.get(k), str) and value.get(k) for k in LANGS)


class _Args(dict):  # str.format's mapping, each argument as shown in one language
    def __init__(self, args: Mapping[str, Any], lang: str) -> None:
        super().__init__({k: _pick(v, lang) for k, v in args.items()})


def tr(text: str | None, lang: str | None = None) -> str:
    """``text`` in ``lang`` (default: the run's language). A :class:`Msg` is formatted
    from its template's translation; any other string is looked up as it is (a code's
    summary or hint, a help text) and shown unchanged when the catalog lacks it."""
    if text is None:
        return ""
    lang = lang or _lang.get()
    if lang == DEFAULT_LANG:
        return str.__str__(text)
    cat = translations(lang)
    if isinstance(text, Msg):
        if text.plural is not None:
            template = cat.ngettext(text.template, text.plural, int(text.args.get("n", 1)))
        else:
            template = cat.gettext(text.template)
        if not text.args:
            return template
        try:
            return template.format_map(_Args(text.args, lang))
        except (KeyError, IndexError, ValueError):  # a broken translation must not hide the finding
            return str.__str__(text)
    return cat.gettext(str.__str__(text))


def all_langs(text: str | None) -> dict[str, str] | None:
    """``{"en": …, "zh": …}``: a message in every language, for the machine formats."""
    if text is None:
        return None
    return {lang: tr(text, lang) for lang in LANGS}


def placeholders(template: str) -> set[str]:
    """The named fields of a ``str.format`` template (the catalog test compares them); for
    a text that is not one (libyaml's "expected ',' or '}'", shown as written), its braces."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError:
        return {"".join(c for c in template if c in "{}")}
