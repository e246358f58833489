from django.urls import path

from phongdich.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("he-thong/tac-vu/", views.jobs, name="jobs"),
    path("he-thong/nhat-ky-truy-cap/", views.audit_index, name="audit"),
    path("he-thong/nhat-ky-truy-cap/xuat-excel/", views.audit_export, name="audit_export"),
    # Icons and the web manifest (public: browsers fetch them without a session).
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("bao-ve.webmanifest", views.manifest, {"start": "guard"}, name="manifest_guard"),
]
