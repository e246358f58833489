from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Giám đốc / Phó Giám đốc")
    OFFICE = "office", _("Văn phòng Sở")
    UNIT_HEAD = "unit_head", _("Trưởng đơn vị")
    TRACER = "tracer", _("Tổ truy vết")
    GUARD = "guard", _("Bảo vệ")
    STAFF = "staff", _("Cán bộ")
    EDITOR = "editor", _("Ban biên tập")
    IT = "it", _("Tổ CNTT")
    ADMIN = "admin", _("Quản trị hệ thống")


# Roles whose holders see every unit of the organisation.
ORG_WIDE_ROLES = frozenset({Role.DIRECTOR, Role.OFFICE, Role.ADMIN, Role.TRACER})
# Roles scoped to the assigned unit and every unit below it.
UNIT_SCOPED_ROLES = frozenset({Role.UNIT_HEAD, Role.GUARD, Role.IT})
