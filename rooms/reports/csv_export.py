"""The report as CSV (one row per number), with the same suppression as the JSON: a hidden
count is written as words, never as a number."""
from __future__ import annotations

import csv
import io
from typing import Any

HIDDEN = "fewer than 5 / 5未満"
SECONDARY = "not shown (would reveal a small count) / 非表示（少数の逆算防止）"


def _value(cell: dict[str, Any] | None) -> str:
    if cell is None:
        return ""
    if cell["suppressed"]:
        return SECONDARY if cell.get("reason") == "secondary" else HIDDEN
    return str(cell["value"])


def _survey_value(group: dict[str, Any]) -> str:
    return HIDDEN if group.get("suppressed") else str(group["count"])


def _survey_rows(survey: dict[str, Any]) -> list[list[str]]:
    """One survey's counts (free texts stay in the console: a CSV travels further)."""
    title = survey["title_ja"]
    rows = [["surveys", title, "respondents", _survey_value(survey["respondents"])]]
    for number, question in enumerate(survey["questions"], start=1):
        label = f"Q{number} {question['prompt_ja']}"
        rows.append(["surveys", title, f"{label} / answers", _survey_value(question["answers"])])
        for option in question.get("options", []):
            rows.append(["surveys", title, f"{label} / {option['ja']}", _survey_value(option)])
        for point in question.get("distribution", []):
            rows.append(["surveys", title, f"{label} / {point['value']}", _survey_value(point)])
        if question["kind"] == "scale":
            mean = question.get("mean")
            rows.append(["surveys", title, f"{label} / mean", SECONDARY if mean is None else str(mean)])
    return rows


def to_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "table", "key", "value"])
    writer.writerow(["range", "from", "", report["from"]])
    writer.writerow(["range", "to", "", report["to"]])
    for section in report["sections"]:
        for table in section["tables"]:
            for row in table["rows"]:
                writer.writerow([section["id"], table["id"], row["key"], _value(row)])
            if table["total"] is not None:
                writer.writerow([section["id"], table["id"], "total", _value(table["total"])])
        for median in section["medians"]:
            writer.writerow([section["id"], "median_days", median["step"],
                             HIDDEN if median["suppressed"] else ("" if median["days"] is None else median["days"])])
            writer.writerow([section["id"], "median_accounts", median["step"], _value(median["accounts"])])
    for survey in report.get("surveys", []):
        writer.writerows(_survey_rows(survey))
    return "\ufeff" + out.getvalue()  # a BOM, so spreadsheet programs read the Japanese right
