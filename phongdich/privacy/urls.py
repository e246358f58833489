from django.urls import path

from phongdich.privacy.views import incidents

app_name = "privacy"
urlpatterns = [
    # The breach register (the Admin).
    path("su-co/", incidents.incident_list, name="incident_list"),
    path("su-co/moi/", incidents.incident_create, name="incident_create"),
    path("su-co/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("su-co/<int:pk>/sua/", incidents.incident_edit, name="incident_edit"),
    path("su-co/<int:pk>/da-thong-bao/", incidents.incident_notified, name="incident_notified"),
    path("su-co/<int:pk>/dong/", incidents.incident_close, name="incident_close"),
    path(
        "su-co/<int:pk>/thong-bao.<str:fmt>",
        incidents.incident_notification,
        name="incident_notification",
    ),
    path(
        "su-co/<int:pk>/nguoi-bi-anh-huong.xlsx",
        incidents.incident_affected,
        name="incident_affected",
    ),
]
