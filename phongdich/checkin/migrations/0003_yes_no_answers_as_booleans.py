"""Yes/no answers stored as JSON booleans, whatever form once posted them.

The public form posted a yes/no answer as "1"/"0" and the guard's manual check-in as
"yes"/"no"; both now post "1"/"0" (checkin.profiles.YES/NO) and store true/false,
the only encoding ``risk_reasons`` reads. This turns a yes/no answer stored as text
in either spelling into that boolean, so that every stored declaration reads the
same. Only the questions of kind "yesno" of the declaration's own profile are
touched ("choice" values such as a vaccine dose "1" stay text). ``is_risky`` is left
as it was decided at the gate.
"""

import json

from django.db import migrations

YES_TEXTS = frozenset({"1", "yes", "true", "có"})
NO_TEXTS = frozenset({"0", "no", "false", "không"})
BATCH = 500


def yes_no_answers(questions, answers):
    """``answers`` with every yes/no answer given as text turned into a boolean; None
    when there is nothing to change."""
    if not isinstance(answers, dict):
        return None
    fixed = dict(answers)
    changed = False
    for question in questions or []:
        if not isinstance(question, dict) or question.get("kind") != "yesno":
            continue
        key = question.get("key")
        value = fixed.get(key)
        if not isinstance(value, str):
            continue
        text = value.strip().lower()
        if text in YES_TEXTS:
            fixed[key] = True
            changed = True
        elif text in NO_TEXTS:
            fixed[key] = False
            changed = True
    return fixed if changed else None


def answers_as_booleans(apps, schema_editor):
    Declaration = apps.get_model("checkin", "Declaration")
    DiseaseProfile = apps.get_model("checkin", "DiseaseProfile")
    questions = dict(DiseaseProfile.objects.values_list("pk", "questions"))
    batch = []
    declarations = Declaration.objects.only("pk", "profile_id", "answers").order_by("pk")
    for declaration in declarations.iterator(chunk_size=2000):
        try:
            answers = json.loads(declaration.answers or "{}")
        except ValueError:
            continue
        fixed = yes_no_answers(questions.get(declaration.profile_id), answers)
        if fixed is None:
            continue
        declaration.answers = json.dumps(fixed, ensure_ascii=False, sort_keys=True)
        batch.append(declaration)
        if len(batch) >= BATCH:
            Declaration.objects.bulk_update(batch, ["answers"])
            batch = []
    if batch:
        Declaration.objects.bulk_update(batch, ["answers"])


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0002_visit_fewer_indexes"),
    ]

    operations = [
        migrations.RunPython(answers_as_booleans, migrations.RunPython.noop, elidable=True),
    ]
