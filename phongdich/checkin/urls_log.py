from django.urls import path

from phongdich.checkin import views_log

urlpatterns = [
    path("", views_log.index, name="log_index"),
    path("xuat-excel/", views_log.export, name="log_export"),
]
