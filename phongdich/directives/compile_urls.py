"""The Office's follow-up on a directive (included in directives/urls.py, namespace
"directives"): status and urging notices, compiled reports."""

from django.urls import path

from phongdich.directives import compile_views as views

urlpatterns = [
    path("<int:pk>/theo-doi/", views.followup, name="followup"),
    path("<int:pk>/don-doc/", views.urging_create, name="urging_create"),
    path("don-doc/<int:pk>/tai/<str:fmt>/", views.urging_download, name="urging_download"),
    path("<int:pk>/bao-cao-tong-hop/", views.compiled_create, name="compiled_create"),
    path("bao-cao-tong-hop/", views.compiled_list, name="compiled_list"),
    path("bao-cao-tong-hop/<int:pk>/", views.compiled_edit, name="compiled_edit"),
    path(
        "bao-cao-tong-hop/<int:pk>/tai/<str:fmt>/",
        views.compiled_download,
        name="compiled_download",
    ),
]
