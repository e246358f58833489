"""What the compiled report's edit page shows: the live figures, the sections in order
with their saved text (drafted from the figures where nothing is saved yet), the module
figures beside the item each serves, and the versions kept."""

from __future__ import annotations

from dataclasses import dataclass

from phongdich.core.report_sections import SectionContent
from phongdich.directives import drafting
from phongdich.directives.drafting import SectionSpec
from phongdich.directives.models import CompiledReport, CompiledReportVersion
from phongdich.directives.selectors.compiled import (
    CompiledData,
    compile_data,
    latest_version,
    versions_of,
)


def compiled_sections(report: CompiledReport, data: CompiledData) -> dict[str, str]:
    """The text of every section as saved in the latest version; a section the version
    lacks (an item added since, a report never saved) is drafted from ``data``."""
    version = latest_version(report)
    saved = dict(version.sections) if version is not None else {}
    return {
        spec.key: saved[spec.key] if spec.key in saved else drafting.draft_section(data, spec.key)
        for spec in drafting.specs(data)
    }


@dataclass(frozen=True)
class SectionRow:
    spec: SectionSpec
    figures: list[tuple[str, SectionContent]]  # (module title, its content)


@dataclass(frozen=True)
class CompiledEditPage:
    data: CompiledData
    specs: list[SectionSpec]
    sections: dict[str, str]
    versions: list[CompiledReportVersion]
    rows: list[SectionRow]


def compiled_edit_page(*, report: CompiledReport) -> CompiledEditPage:
    data = compile_data(
        directive=report.directive, period_start=report.period_start, period_end=report.period_end
    )
    specs = drafting.specs(data)
    items = {item.key: item for item in data.items}
    rows = []
    for spec in specs:
        item = items.get(spec.key)
        figures = []
        if item is not None:
            for key in item.sections:
                content = data.sections.get(key)
                if content is not None:
                    figures.append((data.section_titles.get(key, key), content))
        rows.append(SectionRow(spec=spec, figures=figures))
    return CompiledEditPage(
        data=data,
        specs=specs,
        sections=compiled_sections(report, data),
        versions=versions_of(report),
        rows=rows,
    )
