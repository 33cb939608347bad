"""What every app of one process shares, compiled once: the templates and the URL builders.

A province's worker builds one app per commune it serves (blueprints/sites.py), all from the same code:
compiling every template and every URL rule again for each would make a commune's first page slow.
"""
from __future__ import annotations

from flask import Flask
from jinja2 import BytecodeCache
from werkzeug.routing import Rule


class _SharedBytecode(BytecodeCache):
    """The templates compiled by any app of the process. Jinja checks each entry against the template's source,
    so a changed template is compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class _SharedBuilderRule(Rule):
    """A URL rule whose builder function (Werkzeug compiles one per rule, from Python source) is made once per
    process for each rule text: the function takes the rule as its first argument, so one serves every app."""

    _builders: dict = {}

    def _compile_builder(self, append_unknown: bool = True):
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown)
        builder = self._builders.get(key)
        if builder is None:
            builder = self._builders[key] = super()._compile_builder(append_unknown)
        return builder


_TEMPLATES = _SharedBytecode()


def share_compiled(app: Flask) -> None:
    """Let ``app`` use the process's compiled templates and URL builders (call before any route or render)."""
    app.jinja_options = {**app.jinja_options, "bytecode_cache": _TEMPLATES}
    app.url_rule_class = _SharedBuilderRule
