from django.urls import path

from phongdich.privacy.views import incidents, public, queue

app_name = "privacy"
urlpatterns = [
    # The public page: no account.
    path("", public.index, name="public"),
    path("da-gui/<str:ticket>/", public.sent, name="public_sent"),
    path("tai-ve/<str:code>/", public.download, name="public_download"),
    # The Office's queue.
    path("yeu-cau/", queue.request_list, name="request_list"),
    path("yeu-cau/<int:pk>/", queue.request_detail, name="request_detail"),
    path("yeu-cau/<int:pk>/tiep-nhan/", queue.request_acknowledge, name="request_acknowledge"),
    path("yeu-cau/<int:pk>/xac-minh/", queue.request_verify, name="request_verify"),
    path("yeu-cau/<int:pk>/tra-loi/", queue.request_answer, name="request_answer"),
    path("yeu-cau/<int:pk>/tu-choi/", queue.request_refuse, name="request_refuse"),
    path("yeu-cau/<int:pk>/du-lieu.xlsx", queue.request_export, name="request_export"),
    # The breach register (the Admin).
    path("su-co/", incidents.incident_list, name="incident_list"),
    path("su-co/xuat/", incidents.incident_register_export, name="incident_export"),
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
