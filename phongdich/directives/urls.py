"""Directives under /chi-dao/ (namespace "directives"): directives, tasks and indicators;
unit reports and the status dashboard; the Office's follow-up (urging notices, compiled
reports)."""

from django.urls import path

from phongdich.directives.views import compiled, directives, reports

app_name = "directives"

report_patterns = [
    path("bao-cao/", reports.report_list, name="report_list"),
    path(
        "bao-cao/nhiem-vu/<int:task_pk>/don-vi/<int:unit_pk>/",
        reports.report_edit,
        name="report_edit",
    ),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report_detail"),
    path(
        "bao-cao/<int:pk>/phien-ban/<int:version>/",
        reports.report_version,
        name="report_version",
    ),
    path("bao-cao/<int:pk>/tiep-nhan/", reports.report_accept, name="report_accept"),
    path("bao-cao/<int:pk>/tra-lai/", reports.report_return, name="report_return"),
    path("bao-cao/tep/<int:pk>/", reports.report_attachment, name="report_attachment"),
    path("theo-doi/", reports.dashboard, name="dashboard"),
    path("theo-doi/xuat/", reports.dashboard_export, name="dashboard_export"),
]

followup_patterns = [
    path("<int:pk>/theo-doi/", compiled.followup, name="followup"),
    path("<int:pk>/don-doc/", compiled.urging_create, name="urging_create"),
    path("don-doc/<int:pk>/tai/<str:fmt>/", compiled.urging_download, name="urging_download"),
    path("<int:pk>/bao-cao-tong-hop/", compiled.compiled_create, name="compiled_create"),
    path("bao-cao-tong-hop/", compiled.compiled_list, name="compiled_list"),
    path("bao-cao-tong-hop/<int:pk>/", compiled.compiled_edit, name="compiled_edit"),
    path(
        "bao-cao-tong-hop/<int:pk>/tai/<str:fmt>/",
        compiled.compiled_download,
        name="compiled_download",
    ),
]

directive_patterns = [
    path("nhap/", directives.import_start, name="import"),
    path("nhap/xac-nhan/", directives.import_confirm, name="import_confirm"),
    path("<int:pk>/", directives.detail, name="detail"),
    path("<int:pk>/sua/", directives.edit, name="edit"),
    path("<int:pk>/ban-hanh/", directives.issue, name="issue"),
    path("<int:pk>/ket-thuc/", directives.close, name="close"),
    path("<int:pk>/xoa/", directives.delete, name="delete"),
    path("<int:pk>/tep/", directives.attachment, name="attachment"),
    path("<int:pk>/nhiem-vu/them/", directives.task_create, name="task_create"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/sua/", directives.task_edit, name="task_edit"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/xoa/", directives.task_delete, name="task_delete"),
    path(
        "<int:pk>/nhiem-vu/<int:task_pk>/chi-tieu/them/",
        directives.indicator_form,
        name="indicator_create",
    ),
    path(
        "<int:pk>/nhiem-vu/<int:task_pk>/chi-tieu/<int:indicator_pk>/sua/",
        directives.indicator_form,
        name="indicator_edit",
    ),
    path(
        "<int:pk>/nhiem-vu/<int:task_pk>/chi-tieu/<int:indicator_pk>/xoa/",
        directives.indicator_delete,
        name="indicator_delete",
    ),
]

# The order the three files were included in before they were merged.
urlpatterns = [
    *report_patterns,
    path("", directives.index, name="index"),
    *followup_patterns,
    *directive_patterns,
]
