"""Labels and the schema that holds them.

A project has one schema: the span labels an analyst applies by hotkey, the relation labels that join
two spans of one article, and the link labels that join spans of two articles. The schema lives in the
project file so it travels with the annotations it explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from annotator.domain.errors import AnnotatorError, InvalidRelation, UnknownLabel

LabelKind = Literal["span", "relation", "link"]
LABEL_KINDS: tuple[LabelKind, ...] = ("span", "relation", "link")

#: The label of scraped boilerplate: kept in the project, left out of the training set.
DEBRIS = "DEBRIS"

#: What an attribute holds: yes/no, one of its choices, free text, or a number.
ATTRIBUTE_KINDS = ("bool", "choice", "text", "number")

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """A field the schema defines on spans of one label (e.g. a CLAIM's stance)."""

    name: str
    kind: Literal["bool", "choice", "text", "number"]
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name:
            raise AnnotatorError("an attribute needs a name")
        if self.kind not in ATTRIBUTE_KINDS:
            raise AnnotatorError(f"attribute {self.name!r}: unknown kind {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise AnnotatorError(f"attribute {self.name!r}: a choice needs choices")

    def check(self, value: Any) -> None:
        """Refuse a value this attribute cannot hold (None always clears it)."""
        if value is None:
            return
        if self.kind == "bool" and not isinstance(value, bool):
            raise AnnotatorError(f"attribute {self.name!r} is yes/no, not {value!r}")
        if self.kind == "choice" and value not in self.choices:
            raise AnnotatorError(
                f"attribute {self.name!r} is one of {', '.join(self.choices)}, not {value!r}"
            )
        if self.kind == "text" and not isinstance(value, str):
            raise AnnotatorError(f"attribute {self.name!r} is text, not {value!r}")
        if self.kind == "number" and (
            isinstance(value, bool) or not isinstance(value, int | float)
        ):
            raise AnnotatorError(f"attribute {self.name!r} is a number, not {value!r}")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.choices:
            data["choices"] = list(self.choices)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AttributeSpec:
        return cls(str(data["name"]), data["kind"], tuple(data.get("choices", ())))


@dataclass(frozen=True, slots=True)
class Label:
    """One label of the schema.

    `head_labels`/`child_labels` restrict a relation label to spans of those labels (empty: any).
    A retired label stays in the project for the spans that use it but is no longer offered.
    """

    name: str
    kind: LabelKind = "span"
    hotkey: str | None = None
    color: str = "#9e9e9e"
    description: str = ""
    attributes: tuple[AttributeSpec, ...] = ()
    head_labels: tuple[str, ...] = ()
    child_labels: tuple[str, ...] = ()
    retired: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise AnnotatorError(f"a label needs a name, not {self.name!r}")
        if self.name != self.name.strip():
            raise AnnotatorError(f"label {self.name!r}: no spaces around the name")
        if self.kind not in LABEL_KINDS:
            raise AnnotatorError(f"label {self.name!r}: unknown kind {self.kind!r}")
        if self.hotkey is not None and len(self.hotkey) != 1:
            raise AnnotatorError(f"label {self.name!r}: a hotkey is one key, not {self.hotkey!r}")
        if not _COLOR.match(self.color):
            raise AnnotatorError(f"label {self.name!r}: colour must be #rrggbb, not {self.color!r}")

    def attribute(self, name: str) -> AttributeSpec | None:
        return next((spec for spec in self.attributes if spec.name == name), None)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "kind": self.kind, "color": self.color}
        if self.hotkey is not None:
            data["hotkey"] = self.hotkey
        if self.description:
            data["description"] = self.description
        if self.attributes:
            data["attributes"] = [spec.to_json() for spec in self.attributes]
        if self.head_labels:
            data["head_labels"] = list(self.head_labels)
        if self.child_labels:
            data["child_labels"] = list(self.child_labels)
        if self.retired:
            data["retired"] = True
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Label:
        return cls(
            name=data["name"],
            kind=data.get("kind", "span"),
            hotkey=data.get("hotkey"),
            color=data.get("color", "#9e9e9e"),
            description=data.get("description", ""),
            attributes=tuple(AttributeSpec.from_json(a) for a in data.get("attributes", ())),
            head_labels=tuple(data.get("head_labels", ())),
            child_labels=tuple(data.get("child_labels", ())),
            retired=bool(data.get("retired", False)),
        )


@dataclass(frozen=True)
class LabelSchema:
    """The project's labels, in display order."""

    labels: tuple[Label, ...] = ()
    _by_name: dict[str, Label] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Label] = {}
        hotkeys: dict[tuple[str, str], str] = {}
        for label in self.labels:
            if label.name in by_name:
                raise AnnotatorError(f"label {label.name!r} is defined twice")
            by_name[label.name] = label
            if label.hotkey is not None and not label.retired:
                key = (label.kind, label.hotkey)
                if key in hotkeys:
                    raise AnnotatorError(
                        f"hotkey {label.hotkey!r} is used by {hotkeys[key]} and {label.name}"
                    )
                hotkeys[key] = label.name
        object.__setattr__(self, "_by_name", by_name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.labels)

    def get(self, name: str) -> Label | None:
        return self._by_name.get(name)

    def of_kind(self, kind: LabelKind, *, include_retired: bool = False) -> list[Label]:
        return [
            label
            for label in self.labels
            if label.kind == kind and (include_retired or not label.retired)
        ]

    def require(self, name: object, kind: LabelKind) -> Label:
        """The label called `name`, which must be of `kind`; else a clear error."""
        if not isinstance(name, str):
            raise UnknownLabel(f"a label must be a string, not {name!r}")
        label = self._by_name.get(name)
        if label is None:
            raise UnknownLabel(f"label {name!r} is not in the project's schema")
        if label.kind != kind:
            raise UnknownLabel(f"label {name!r} is a {label.kind} label, not a {kind} label")
        return label

    def by_hotkey(self, key: str, kind: LabelKind = "span") -> Label | None:
        for label in self.labels:
            if label.kind == kind and label.hotkey == key and not label.retired:
                return label
        return None

    def check_relation(self, label_name: str, head_label: str, child_label: str) -> Label:
        """Refuse a relation whose head or child span label the relation label does not allow."""
        label = self.require(label_name, "relation")
        if label.head_labels and head_label not in label.head_labels:
            raise InvalidRelation(
                f"{label.name} goes from {' or '.join(label.head_labels)}, not from {head_label}"
            )
        if label.child_labels and child_label not in label.child_labels:
            raise InvalidRelation(
                f"{label.name} goes to {' or '.join(label.child_labels)}, not to {child_label}"
            )
        return label

    def check_link(self, label_name: str, a_label: str, b_label: str) -> Label:
        """Refuse a link whose ends' labels the link label does not allow.

        A link is symmetric: `head_labels` of a link label lists what either end may be.
        """
        label = self.require(label_name, "link")
        allowed = label.head_labels
        for end in (a_label, b_label):
            if allowed and end not in allowed:
                raise InvalidRelation(f"{label.name} joins {' or '.join(allowed)} spans, not {end}")
        return label

    def with_label(self, label: Label) -> LabelSchema:
        """A schema with `label` added, or replacing the label of the same name."""
        if label.name in self._by_name:
            return LabelSchema(
                tuple(label if old.name == label.name else old for old in self.labels)
            )
        return LabelSchema((*self.labels, label))

    def to_json(self) -> list[dict[str, Any]]:
        return [label.to_json() for label in self.labels]

    @classmethod
    def from_json(cls, data: Iterable[Mapping[str, Any]]) -> LabelSchema:
        return cls(tuple(Label.from_json(item) for item in data))
