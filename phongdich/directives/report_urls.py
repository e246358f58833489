"""Unit reports and the status dashboard, under /chi-dao/ (namespace "directives")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from phongdich.directives import report_views

urlpatterns = [
    path("bao-cao/", report_views.report_list, name="report_list"),
    path(
        "bao-cao/nhiem-vu/<int:task_pk>/don-vi/<int:unit_pk>/",
        report_views.report_edit,
        name="report_edit",
    ),
    path("bao-cao/<int:pk>/", report_views.report_detail, name="report_detail"),
    path(
        "bao-cao/<int:pk>/phien-ban/<int:version>/",
        report_views.report_version,
        name="report_version",
    ),
    path("bao-cao/<int:pk>/tiep-nhan/", report_views.report_accept, name="report_accept"),
    path("bao-cao/<int:pk>/tra-lai/", report_views.report_return, name="report_return"),
    path("bao-cao/tep/<int:pk>/", report_views.report_attachment, name="report_attachment"),
    path("theo-doi/", report_views.dashboard, name="dashboard"),
]


def register_nav() -> None:
    """Home-page links (called from DirectivesConfig.ready)."""
    from phongdich.core.navigation import NavItem, register
    from phongdich.core.roles import Role

    register(
        NavItem(
            "directives:dashboard",
            _("Theo dõi thực hiện nhiệm vụ"),
            _("Tình trạng từng nhiệm vụ theo đơn vị: đúng hạn, quá hạn, đang thực hiện."),
            roles={Role.OFFICE, Role.ADMIN, Role.DIRECTOR, Role.UNIT_HEAD},
            order=41,
        )
    )
    register(
        NavItem(
            "directives:report_list",
            _("Báo cáo của đơn vị"),
            _("Báo cáo kết quả thực hiện các nhiệm vụ được giao cho đơn vị."),
            roles={Role.UNIT_HEAD},
            order=39,
        )
    )
