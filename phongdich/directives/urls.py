"""Directives under /chi-dao/ (namespace "directives")."""

from django.urls import include, path

from phongdich.directives import views

app_name = "directives"

urlpatterns = [
    path("", include("phongdich.directives.report_urls")),
    path("", views.index, name="index"),
    path("", include("phongdich.directives.compile_urls")),
    path("nhap/", views.import_start, name="import"),
    path("nhap/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/ban-hanh/", views.issue, name="issue"),
    path("<int:pk>/ket-thuc/", views.close, name="close"),
    path("<int:pk>/xoa/", views.delete, name="delete"),
    path("<int:pk>/tep/", views.attachment, name="attachment"),
    path("<int:pk>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/sua/", views.task_edit, name="task_edit"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/xoa/", views.task_delete, name="task_delete"),
    path(
        "<int:pk>/nhiem-vu/<int:task_pk>/chi-tieu/them/",
        views.indicator_form,
        name="indicator_create",
    ),
    path(
        "<int:pk>/nhiem-vu/<int:task_pk>/chi-tieu/<int:indicator_pk>/sua/",
        views.indicator_form,
        name="indicator_edit",
    ),
    path(
        "<int:pk>/nhiem-vu/<int:task_pk>/chi-tieu/<int:indicator_pk>/xoa/",
        views.indicator_delete,
        name="indicator_delete",
    ),
]
