from django.urls import path

from phongdich.adoption.views import campaigns, declarations, imports, indicators, rates, report

app_name = "adoption"

urlpatterns = [
    path("", declarations.mine, name="mine"),
    path("khai-bao/<int:pk>/", declarations.declare, name="declare"),
    path("minh-chung/<int:pk>/", declarations.evidence, name="evidence"),
    path("ty-le/", rates.rates, name="rates"),
    path("ty-le/xuat/", rates.rates_xlsx, name="rates_export"),
    path("don-vi/<int:pk>/", rates.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/xuat/", rates.unit_xlsx, name="unit_export"),
    path("doan-the/<int:pk>/", rates.union_detail, name="union_detail"),
    path("nhap/", imports.import_upload, name="import"),
    path("nhap/<uuid:pk>/", imports.import_status, name="import_status"),
    path("chien-dich/", campaigns.campaign_list, name="campaign_list"),
    path("chien-dich/moi/", campaigns.campaign_create_view, name="campaign_create"),
    path("chien-dich/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("chien-dich/<int:pk>/nhac/", campaigns.campaign_remind_view, name="campaign_remind"),
    path("chien-dich/<int:pk>/ket-thuc/", campaigns.campaign_close_view, name="campaign_close"),
    path("chi-so/", indicators.indicator_list, name="indicator_list"),
    path("chi-so/nhap/", indicators.indicator_edit, name="indicator_edit"),
    path("bao-cao/", report.report, name="report"),
    path("bao-cao/tai/<str:fmt>/", report.report_file, name="report_file"),
]
