from django.urls import path

from phongdich.org import views

app_name = "org"
urlpatterns = [
    path("can-bo/", views.staff_list, name="staff_list"),
    path("can-bo/xuat/", views.staff_export, name="staff_export"),
    path("can-bo/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("can-bo/nhap/", views.staff_import, name="staff_import"),
    path("can-bo/nhap/<uuid:job_id>/", views.staff_import_status, name="staff_import_status"),
    path("don-vi/", views.unit_list, name="unit_list"),
]
