from django.urls import path

from phongdich.tracing.views import cases, contacts, dashboard

app_name = "tracing"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("ca-benh/", cases.case_list, name="case_list"),
    path("ca-benh/moi/", cases.case_create, name="case_create"),
    path("ca-benh/<int:pk>/", cases.case_detail, name="case_detail"),
    path("ca-benh/<int:pk>/truy-vet/", cases.case_trace, name="case_trace"),
    path("ca-benh/<int:pk>/lan-truy-vet/<uuid:run_id>/", cases.run_status, name="run_status"),
    path("ca-benh/<int:pk>/xuat-excel/", cases.case_export, name="case_export"),
    path("ca-benh/<int:pk>/ket-thuc/", cases.case_close, name="case_close"),
    path("ca-benh/<int:pk>/theo-doi/", contacts.followup_list, name="followup_list"),
    path("tiep-xuc/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("tiep-xuc/<int:pk>/tinh-trang/", contacts.contact_status, name="contact_status"),
    path("tiep-xuc/<int:pk>/theo-doi/", contacts.followup_record, name="followup_record"),
    path("tiep-xuc/<int:pk>/chuyen-ca-benh/", contacts.contact_promote, name="contact_promote"),
]
