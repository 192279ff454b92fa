"""The analysis pipeline: named components over one working `Doc`.

A component is a callable `component(doc) -> None` that reads what earlier
components put on the `Doc` and adds its own layers. It declares both:
`requires` (layers it reads) and `assigns` (layers it writes), names from
`silkgraph.doc.LAYERS`. The pipeline checks, whenever it is built or
changed, that every component finds what it requires, and says clearly what
is missing where.

    pipeline = Pipeline(kb)                                # the built-in components
    pipeline.replace("entities", MyRecogniser(kb))         # same duties, another way
    pipeline.add("tagger", tagger, after="tokens")
    pipeline.remove("quotes")

A whole pipeline can be named from outside as a factory `module:callable`
taking the knowledge base and returning a `Pipeline`: `load_pipeline(spec)`
resolves it from the argument, else the SILKGRAPH_PIPELINE environment
variable, else the `pipeline` key of the configuration file
(SILKGRAPH_CONFIG, or ./silkgraph.toml), else the built-in one.

Duties of the components (what later ones and `Doc.to_analysis` rely on):

* a recogniser (assigns `mentions`) leaves the mentions sorted by offset and
  registers every id it mentions that the knowledge base lacks in
  `doc.new_entities` as id -> (name, type), the type one of the contract's
  entity types; such ids are slugs of the name, prefixed by the type's
  initial ("p-zoon-ahmed-khan"), so they never collide with the KB's;
* components that add events, facts or quotes append contract objects whose
  offsets refer to `doc.text`;
* a component never removes what another assigned, except the recogniser
  that owns `mentions`.

This module imports no component: the built-in pipeline is named by the
string DEFAULT_FACTORY, so that components can import this module and the
`Doc` without an import circle.
"""

from __future__ import annotations

import importlib
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast, runtime_checkable

from silkgraph.doc import GIVEN, LAYERS, Doc, EntityMention
from silkgraph.errors import UsageError
from silkgraph.kb import KnowledgeBase
from silkgraph.model import Analysis, Document

__all__ = [
    "Component",
    "Doc",
    "EntityMention",
    "Pipeline",
    "PipelineError",
    "component",
    "load_pipeline",
    "resolve_factory_spec",
    "DEFAULT_FACTORY",
    "PIPELINE_ENV",
    "CONFIG_ENV",
    "CONFIG_FILE",
]

DEFAULT_FACTORY = "silkgraph.components:default_pipeline"
PIPELINE_ENV = "SILKGRAPH_PIPELINE"
CONFIG_ENV = "SILKGRAPH_CONFIG"
CONFIG_FILE = "silkgraph.toml"


class PipelineError(UsageError):
    """A pipeline that cannot run: a component misses a layer, a name is unknown or taken,
    or a factory named from outside cannot be loaded."""


@runtime_checkable
class Component(Protocol):
    """What the pipeline runs: a callable over the Doc that declares the layers it reads and writes."""

    @property
    def requires(self) -> tuple[str, ...]:
        """The layers it reads."""

    @property
    def assigns(self) -> tuple[str, ...]:
        """The layers it writes."""

    def __call__(self, doc: Doc) -> None:
        """Read the Doc's layers and add its own."""


@dataclass(frozen=True)
class FunctionComponent:
    """A plain function made a component by `component(...)`."""

    function: Callable[[Doc], None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, doc: Doc) -> None:
        self.function(doc)


def component(
    function: Callable[[Doc], None], *, requires: Iterable[str] = (), assigns: Iterable[str] = ()
) -> FunctionComponent:
    """`function` as a component that reads `requires` and writes `assigns`."""
    return FunctionComponent(function, tuple(requires), tuple(assigns))


def _declared(name: str, item: object, attribute: str) -> tuple[str, ...]:
    value = getattr(item, attribute, None)
    if value is None:
        raise PipelineError(
            f"component {name!r} declares no {attribute!r}: give it requires/assigns "
            f"(or wrap a function with silkgraph.pipeline.component)"
        )
    layers = (value,) if isinstance(value, str) else tuple(value)
    unknown = [layer for layer in layers if layer not in LAYERS and layer not in GIVEN]
    if unknown:
        raise PipelineError(
            f"component {name!r} {attribute} unknown layer(s) {', '.join(unknown)}; the Doc has {', '.join(LAYERS)}"
        )
    return layers


class Pipeline:
    """Runs named components in order over each document."""

    def __init__(self, kb: KnowledgeBase | None = None, components: Iterable[tuple[str, Component]] | None = None):
        self.kb = kb or KnowledgeBase.load()
        if components is None:
            components = load_factory(DEFAULT_FACTORY)(self.kb).components
        self._components: list[tuple[str, Component]] = []
        for name, item in components:
            self._insert(len(self._components), name, item)
        self.check()

    # -- what it holds -------------------------------------------------------

    @property
    def components(self) -> list[tuple[str, Component]]:
        """(name, component) in running order (a copy)."""
        return list(self._components)

    @property
    def names(self) -> list[str]:
        """The components' names in running order."""
        return [name for name, _ in self._components]

    stage_names = names

    def get(self, name: str) -> Component:
        """The component called `name`."""
        return self._components[self._index(name)][1]

    def __contains__(self, name: object) -> bool:
        return any(name == n for n, _ in self._components)

    # -- changing it ----------------------------------------------------------

    def add(self, name: str, item: Component, *, before: str | None = None, after: str | None = None) -> None:
        """Add a component under `name`: at the end, or just before / after a named one."""
        if before is not None and after is not None:
            raise PipelineError("give before= or after=, not both")
        if before is not None:
            position = self._index(before)
        elif after is not None:
            position = self._index(after) + 1
        else:
            position = len(self._components)
        self._changed(lambda: self._insert(position, name, item))

    def replace(self, name: str, item: Component) -> None:
        """Put `item` in the place of the component called `name`."""
        position = self._index(name)

        def swap() -> None:
            del self._components[position]
            self._insert(position, name, item)

        self._changed(swap)

    def remove(self, name: str) -> Component:
        """Take the component called `name` out; later components must not need what it assigned."""
        position = self._index(name)
        removed: list[Component] = []
        self._changed(lambda: removed.append(self._components.pop(position)[1]))
        return removed[0]

    def check(self) -> None:
        """Raise PipelineError unless every component finds the layers it requires."""
        available = set(GIVEN)
        for name, item in self._components:
            missing = [layer for layer in _declared(name, item, "requires") if layer not in available]
            if missing:
                providers = ", ".join(self.names) or "none"
                raise PipelineError(
                    f"component {name!r} requires {', '.join(missing)}, which no component "
                    f"before it assigns (components in order: {providers})"
                )
            available.update(_declared(name, item, "assigns"))

    def _insert(self, position: int, name: str, item: Component) -> None:
        if not name or not isinstance(name, str):
            raise PipelineError(f"a component needs a name, got {name!r}")
        if name in self:
            raise PipelineError(f"there is a component {name!r} already; use replace() to swap it")
        if not callable(item):
            raise PipelineError(f"component {name!r} is not callable")
        _declared(name, item, "requires")
        _declared(name, item, "assigns")
        self._components.insert(position, (name, item))

    def _changed(self, change: Callable[[], None]) -> None:
        """Apply `change`, and undo it when the result would not run."""
        before = list(self._components)
        try:
            change()
            self.check()
        except PipelineError:
            self._components = before
            raise

    def _index(self, name: str) -> int:
        for i, (n, _) in enumerate(self._components):
            if n == name:
                return i
        raise PipelineError(f"no component {name!r} in the pipeline (it has {', '.join(self.names) or 'none'})")

    # -- running it -----------------------------------------------------------

    def analyze(self, document: Document) -> Analysis:
        """The analysis of one document."""
        doc = Doc(document, self.kb)
        for _, item in self._components:
            item(doc)
        return doc.to_analysis()

    def pipe(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        """The analyses of `documents`, in order."""
        for document in documents:
            yield self.analyze(document)


# -- a pipeline named from outside ---------------------------------------------


def _config_pipeline(environ: dict[str, str] | os._Environ[str]) -> str | None:
    """The `pipeline` key of the configuration file, if there is one."""
    named = environ.get(CONFIG_ENV)
    path = Path(named) if named else Path.cwd() / CONFIG_FILE
    if not path.is_file():
        if named:
            raise PipelineError(f"no configuration file {named} (named by {CONFIG_ENV})")
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PipelineError(f"cannot read the configuration file {path}: {exc}") from exc
    section = data.get("silkgraph", data)
    value = section.get("pipeline") if isinstance(section, dict) else None
    if value is not None and not isinstance(value, str):
        raise PipelineError(f"{path}: pipeline must be a string 'module:callable'")
    return value


def resolve_factory_spec(spec: str | None = None, environ: dict[str, str] | os._Environ[str] | None = None) -> str:
    """The factory to use: `spec`, else $SILKGRAPH_PIPELINE, else the configuration file, else the built-in."""
    environ = os.environ if environ is None else environ
    return spec or environ.get(PIPELINE_ENV) or _config_pipeline(environ) or DEFAULT_FACTORY


def load_factory(spec: str) -> Callable[[KnowledgeBase], Pipeline]:
    module_name, colon, attribute = spec.partition(":")
    if not colon or not module_name or not attribute:
        raise PipelineError(f"a pipeline factory is named 'module:callable', got {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise PipelineError(f"cannot import the pipeline factory's module {module_name!r}: {exc}") from exc
    target: object = module
    for part in attribute.split("."):
        target = getattr(target, part, None)
        if target is None:
            raise PipelineError(f"module {module_name!r} has no {attribute!r} (pipeline factory {spec!r})")
    if not callable(target):
        raise PipelineError(f"the pipeline factory {spec!r} is not callable")
    return cast(Callable[[KnowledgeBase], Pipeline], target)


def load_pipeline(spec: str | None = None, kb: KnowledgeBase | None = None) -> Pipeline:
    """Build the pipeline named by `spec` (see resolve_factory_spec) over `kb` (default: the bundled one)."""
    resolved = resolve_factory_spec(spec)
    kb = kb or KnowledgeBase.load()
    pipeline = load_factory(resolved)(kb)
    if not isinstance(pipeline, Pipeline):
        raise PipelineError(f"the pipeline factory {resolved!r} returned {type(pipeline).__name__}, not a Pipeline")
    pipeline.check()
    return pipeline
