from django.urls import path

from phongdich.tracing import views

app_name = "tracing"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ca-benh/", views.case_list, name="case_list"),
    path("ca-benh/moi/", views.case_create, name="case_create"),
    path("ca-benh/<int:pk>/", views.case_detail, name="case_detail"),
    path("ca-benh/<int:pk>/truy-vet/", views.case_trace, name="case_trace"),
    path("ca-benh/<int:pk>/lan-truy-vet/<uuid:run_id>/", views.run_status, name="run_status"),
    path("ca-benh/<int:pk>/xuat-excel/", views.case_export, name="case_export"),
    path("ca-benh/<int:pk>/ket-thuc/", views.case_close, name="case_close"),
    path("ca-benh/<int:pk>/theo-doi/", views.followup_list, name="followup_list"),
    path("tiep-xuc/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("tiep-xuc/<int:pk>/tinh-trang/", views.contact_status, name="contact_status"),
    path("tiep-xuc/<int:pk>/theo-doi/", views.followup_record, name="followup_record"),
    path("tiep-xuc/<int:pk>/chuyen-ca-benh/", views.contact_promote, name="contact_promote"),
]
