from typing import Any

from django.http import HttpRequest

from phongdich.core.permissions import roles_of
from phongdich.core.roles import Role


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    held = roles_of(user) if user is not None else set()
    labels = [label for value, label in Role.choices if value in held]
    return {"user_roles": held, "user_role_labels": labels, "is_admin_role": Role.ADMIN in held}
