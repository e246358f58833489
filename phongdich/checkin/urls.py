"""Check-in URLs, one module per area so that each stays small."""

from django.urls import include, path

app_name = "checkin"
urlpatterns = [
    path("cong/", include("phongdich.checkin.urls_gates")),
    path("bao-ve/", include("phongdich.checkin.urls_guard")),
    path("nhat-ky/", include("phongdich.checkin.urls_log")),
]
