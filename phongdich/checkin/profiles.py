"""Disease profiles as data: the health-declaration questions and which answers are risky.

A question is a dict:
  {"key": "symptoms", "label": "…", "kind": "multi", "options": [{"value": "fever",
   "label": "Sốt"}, …], "risky_values": ["fever", …]}
  kind "multi"  — any number of options; risky when any chosen option is in risky_values.
  kind "yesno"  — True/False; risky when the answer is in risky_values ([true]).
  kind "choice" — one option; risky when the chosen value is in risky_values.

Answers are stored as JSON (``Declaration.answers``): a list of option values for
"multi", ``true``/``false`` for "yesno", the option value for "choice". A form posts
a yes/no answer as YES ("1") or NO ("0"); ``stored_answers`` turns what a form
cleaned into the stored form, the one place that knows both encodings.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

COVID19_QUESTIONS: list[dict[str, Any]] = [
    {
        "key": "symptoms",
        "label": "Trong 14 ngày qua, anh/chị có dấu hiệu nào sau đây không?",
        "label_en": "In the last 14 days, have you had any of these symptoms?",
        "kind": "multi",
        "options": [
            {"value": "fever", "label": "Sốt", "label_en": "Fever"},
            {"value": "cough", "label": "Ho", "label_en": "Cough"},
            {"value": "breath", "label": "Khó thở", "label_en": "Shortness of breath"},
            {"value": "throat", "label": "Đau họng", "label_en": "Sore throat"},
            {
                "value": "taste_smell",
                "label": "Mất vị giác/khứu giác",
                "label_en": "Loss of taste or smell",
            },
            {"value": "fatigue", "label": "Mệt mỏi", "label_en": "Fatigue"},
        ],
        "risky_values": ["fever", "cough", "breath", "throat", "taste_smell", "fatigue"],
    },
    {
        "key": "contact",
        "label": "Trong 14 ngày qua, anh/chị có tiếp xúc gần với người bệnh (F0) hoặc F1 không?",
        "label_en": (
            "In the last 14 days, have you been in close contact with a case (F0) or an F1?"
        ),
        "kind": "yesno",
        "risky_values": [True],
    },
    {
        "key": "outbreak_travel",
        "label": "Trong 14 ngày qua, anh/chị có đi qua vùng đang có dịch không?",
        "label_en": "In the last 14 days, have you travelled through an outbreak area?",
        "kind": "yesno",
        "risky_values": [True],
    },
    {
        "key": "vaccine_doses",
        "label": "Số mũi vắc xin COVID-19 đã tiêm",
        "label_en": "COVID-19 vaccine doses received",
        "kind": "choice",
        "options": [
            {"value": "0", "label": "Chưa tiêm", "label_en": "None"},
            {"value": "1", "label": "1 mũi", "label_en": "1 dose"},
            {"value": "2", "label": "2 mũi", "label_en": "2 doses"},
            {"value": "3", "label": "3 mũi trở lên", "label_en": "3 or more"},
        ],
        "risky_values": [],
    },
]


YES, NO = "1", "0"  # a yes/no answer as posted by every check-in form


def stored_answers(questions: list[dict[str, Any]], posted: dict[str, Any]) -> dict[str, Any]:
    """The answers to store, from the cleaned form values keyed by question key."""
    result: dict[str, Any] = {}
    for q in questions:
        value = posted.get(q["key"])
        if q["kind"] == "multi":
            result[q["key"]] = sorted(value or [])
        elif q["kind"] == "yesno":
            result[q["key"]] = value == YES
        else:
            result[q["key"]] = value
    return result


class QuestionError(ValueError):
    pass


def validate_questions(questions: Any) -> None:
    """Raise QuestionError with a message (active language) when the schema is malformed."""
    if not isinstance(questions, list) or not questions:
        raise QuestionError(_("Danh sách câu hỏi phải là một mảng JSON không rỗng."))
    keys: set[str] = set()
    for index, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            raise QuestionError(
                _("Câu hỏi %(index)d phải là một đối tượng JSON.") % {"index": index}
            )
        key, kind = q.get("key"), q.get("kind")
        if not isinstance(key, str) or not key.isidentifier():
            raise QuestionError(
                _("Câu hỏi %(index)d: “key” phải là tên không dấu, không khoảng trắng.")
                % {"index": index}
            )
        if key in keys:
            raise QuestionError(
                _("Câu hỏi %(index)d: key “%(key)s” bị trùng.") % {"index": index, "key": key}
            )
        keys.add(key)
        if not isinstance(q.get("label"), str) or not q["label"].strip():
            raise QuestionError(
                _("Câu hỏi %(index)d: thiếu nội dung câu hỏi (“label”).") % {"index": index}
            )
        if kind not in {"multi", "yesno", "choice"}:
            raise QuestionError(
                _("Câu hỏi %(index)d: “kind” phải là multi, yesno hoặc choice.") % {"index": index}
            )
        if kind in {"multi", "choice"}:
            options = q.get("options")
            if not isinstance(options, list) or not options:
                raise QuestionError(
                    _("Câu hỏi %(index)d: cần danh sách lựa chọn (“options”).") % {"index": index}
                )
            values = [o.get("value") for o in options if isinstance(o, dict)]
            if len(values) != len(options) or not all(isinstance(v, str) for v in values):
                raise QuestionError(
                    _("Câu hỏi %(index)d: mỗi lựa chọn cần “value” và “label”.") % {"index": index}
                )
        if not isinstance(q.get("risky_values", []), list):
            raise QuestionError(
                _("Câu hỏi %(index)d: “risky_values” phải là một mảng.") % {"index": index}
            )


def risk_reasons(questions: list[dict[str, Any]], answers: dict[str, Any]) -> list[str]:
    """The labels of the risky answers (empty: not risky)."""
    reasons: list[str] = []
    for q in questions:
        risky = q.get("risky_values", [])
        value = answers.get(q["key"])
        if q["kind"] == "multi":
            chosen = [v for v in (value or []) if v in risky]
            labels = {o["value"]: o["label"] for o in q["options"]}
            reasons.extend(labels.get(v, v) for v in chosen)
        elif value is not None and value in risky:
            reasons.append(q["label"])
    return reasons
