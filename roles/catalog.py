"""Read the catalog file (TOML) and load it into the database."""

import datetime
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .catalog_version import one_change
from .models import (
    Course,
    CourseSkill,
    Figure,
    LearningResource,
    Requirement,
    Responsibility,
    Role,
    Skill,
    SkillLevel,
)

DEFAULT_PATH = Path(__file__).resolve().parent / "catalog.toml"


class CatalogError(Exception):
    """The catalog file is malformed; the message names the bad entry."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def summary(self):
        def fmt(counts):
            return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "nothing"

        return f"created {fmt(self.created)}; updated {fmt(self.updated)}"


def load_catalog(path=DEFAULT_PATH, *, update=False):
    """Load the catalog file: create what is missing, overwrite existing rows only if update."""
    data = read_catalog(path)
    report = LoadReport()
    with one_change(), transaction.atomic():
        _Loader(report, update).load(data)
    return report


def read_catalog(path):
    """Parse and validate the file, raising CatalogError before anything is written."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise CatalogError(f"cannot read {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path} is not valid TOML: {error}") from error
    _validate(data)
    return data


def _validate(data):
    skills = _entries(data, "skills", "catalog")
    skill_slugs = _unique_slugs(skills, "skills")
    for where, skill in _named(skills, "skills"):
        _require(skill, where, name=str, kind=str, levels=list)
        _choice(skill["kind"], Skill.Kind.values, f"{where}: kind")
        if len(skill["levels"]) != 6 or not all(isinstance(t, str) and t for t in skill["levels"]):
            raise CatalogError(f"{where}: levels must be six descriptions, for levels 0 to 5")

    roles = _entries(data, "roles", "catalog")
    role_slugs = _unique_slugs(roles, "roles")
    for where, role in _named(roles, "roles"):
        _require(role, where, title=str, summary=str)
        _link(role.get("source_url", ""), f"{where}: source_url")
        for other in role.get("similar", []):
            _choice(other, role_slugs, f"{where}: similar role")
        for i, item in enumerate(role.get("responsibilities", [])):
            _require(item, f"{where} responsibilities[{i}]", area=str, text=str)
            _choice(
                item["area"], Responsibility.Area.values, f"{where} responsibilities[{i}]: area"
            )
        seen = set()
        for i, item in enumerate(role.get("requirements", [])):
            spot = f"{where} requirements[{i}]"
            _require(item, spot, skill=str, level=int, importance=int)
            _choice(item["skill"], skill_slugs, f"{spot}: skill")
            _range(item["level"], 1, 5, f"{spot}: level")
            _range(item["importance"], 1, 5, f"{spot}: importance")
            if item["skill"] in seen:
                raise CatalogError(f"{spot}: skill {item['skill']!r} is required twice")
            seen.add(item["skill"])
        for i, item in enumerate(role.get("figures", [])):
            spot = f"{where} figures[{i}]"
            _require(item, spot, kind=str, label=str, value=str, source=str)
            _choice(item["kind"], Figure.Kind.values, f"{spot}: kind")
            if "accessed" in item and not isinstance(item["accessed"], datetime.date):
                raise CatalogError(f"{spot}: accessed must be a date like 2024-10-30")
            _link(item.get("source_url", ""), f"{spot}: source_url")

    courses = _entries(data, "courses", "catalog", required=False)
    _unique_slugs(courses, "courses")
    for where, course in _named(courses, "courses"):
        _require(course, where, title=str)
        if "hours" in course:
            _range(course["hours"], 1, 10_000, f"{where}: hours")
        for slug, level in course.get("skills", {}).items():
            _choice(slug, skill_slugs, f"{where}: skill")
            _range(level, 1, 5, f"{where}: level for {slug}")

    resources = _entries(data, "resources", "catalog", required=False)
    _unique_slugs(resources, "resources")
    for where, resource in _named(resources, "resources"):
        _require(resource, where, title=str, skill=str, kind=str, url=str)
        _choice(resource["skill"], skill_slugs, f"{where}: skill")
        _choice(resource["kind"], LearningResource.Kind.values, f"{where}: kind")
        _link(resource["url"], f"{where}: url")


def _entries(data, key, where, required=True):
    entries = data.get(key, [])
    if not isinstance(entries, list) or (required and not entries):
        raise CatalogError(f"{where}: expected a non-empty list of [[{key}]]")
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str):
            raise CatalogError(f"{key}[{i}]: every entry needs a slug")
    return entries


def _named(entries, key):
    return ((f"{key}[{i}] {entry['slug']!r}", entry) for i, entry in enumerate(entries))


def _unique_slugs(entries, key):
    slugs = [entry["slug"] for entry in entries]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise CatalogError(f"{key}: duplicate slug {duplicates[0]!r}")
    return set(slugs)


def _require(entry, where, **types):
    for key, kind in types.items():
        value = entry.get(key)
        if not isinstance(value, kind) or value in ("", []):
            raise CatalogError(f"{where}: {key} is missing or not a {kind.__name__}")


def _choice(value, allowed, where):
    if value not in allowed:
        raise CatalogError(f"{where} {value!r} is not one of {sorted(allowed)}")


def _link(value, where):
    if not isinstance(value, str) or (value and not value.startswith(("https://", "http://"))):
        raise CatalogError(f"{where} must be a web address starting with https://, not {value!r}")


def _range(value, low, high, where):
    if type(value) is not int or not low <= value <= high:
        raise CatalogError(f"{where} must be a whole number from {low} to {high}, not {value!r}")


class _Loader:
    """Write a validated catalog: create missing rows, update existing ones only if asked."""

    def __init__(self, report, update):
        self.report = report
        self.update = update

    def upsert(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        label = model._meta.verbose_name_plural
        if obj is None:
            self.report.created[label] += 1
            return model.objects.create(**lookup, **values), True
        if self.update:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save(update_fields=changed)
                self.report.updated[label] += 1
        return obj, False

    def load(self, data):
        skills = {entry["slug"]: self.load_skill(entry) for entry in data["skills"]}
        roles = {entry["slug"]: self.load_role(entry, skills) for entry in data["roles"]}
        for entry in data["roles"]:
            role = roles[entry["slug"]]
            wanted = [roles[slug] for slug in entry.get("similar", [])]
            if self.update or not role.similar_roles.exists():
                role.similar_roles.set(wanted)
        for entry in data.get("courses", []):
            self.load_course(entry, skills)
        for entry in data.get("resources", []):
            self.upsert(
                LearningResource,
                {"slug": entry["slug"]},
                {
                    "skill": skills[entry["skill"]],
                    "title": entry["title"],
                    "url": entry["url"],
                    "kind": entry["kind"],
                    "provider": entry.get("provider", ""),
                    "description": entry.get("description", ""),
                },
            )

    def load_skill(self, entry):
        skill, _ = self.upsert(
            Skill,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "kind": entry["kind"],
                "description": entry.get("description", ""),
            },
        )
        for level, text in enumerate(entry["levels"]):
            self.upsert(SkillLevel, {"skill": skill, "level": level}, {"description": text})
        return skill

    def load_role(self, entry, skills):
        role, _ = self.upsert(
            Role,
            {"slug": entry["slug"]},
            {
                "title": entry["title"],
                "summary": entry["summary"],
                "education": entry.get("education", ""),
                "outlook": entry.get("outlook", ""),
                "industries": entry.get("industries", []),
                "is_published": entry.get("published", True),
                "source_url": entry.get("source_url", ""),
            },
        )
        for item in entry.get("requirements", []):
            self.upsert(
                Requirement,
                {"role": role, "skill": skills[item["skill"]]},
                {"level": item["level"], "importance": item["importance"]},
            )
        # Responsibilities and figures have no natural key: the file's list is written when the
        # role has none yet (or with --update), so staff edits to the wording survive a reload.
        self.replace_list(
            role.responsibilities,
            Responsibility,
            [
                {"role": role, "area": item["area"], "text": item["text"], "position": i}
                for i, item in enumerate(entry.get("responsibilities", []))
            ],
        )
        self.replace_list(
            role.figures,
            Figure,
            [
                {
                    "role": role,
                    "kind": item["kind"],
                    "label": item["label"],
                    "value": item["value"],
                    "amount": item.get("amount"),
                    "source": item["source"],
                    # A figure quoted from the role's article links to the article.
                    "source_url": item.get("source_url", entry.get("source_url", "")),
                    "accessed": item.get("accessed"),
                    "note": item.get("note", ""),
                    "position": i,
                }
                for i, item in enumerate(entry.get("figures", []))
            ],
        )
        return role

    def replace_list(self, related, model, rows):
        label = model._meta.verbose_name_plural
        if related.exists():
            if not self.update:
                return
            related.all().delete()
            self.report.updated[label] += len(rows)
        else:
            self.report.created[label] += len(rows)
        # With history, so each figure's first version shows it came from the file.
        bulk_create_with_history([model(**row) for row in rows], model)

    def load_course(self, entry, skills):
        course, _ = self.upsert(
            Course,
            {"slug": entry["slug"]},
            {
                "title": entry["title"],
                "provider": entry.get("provider", ""),
                "url": entry.get("url", ""),
                "hours": entry.get("hours"),
                "cost": entry.get("cost", ""),
                "description": entry.get("description", ""),
            },
        )
        for slug, level in entry.get("skills", {}).items():
            self.upsert(CourseSkill, {"course": course, "skill": skills[slug]}, {"level": level})
