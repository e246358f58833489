from django.urls import path

from phongdich.equipment.views import equipment, imports, labels, proposals, readiness, reviews

app_name = "equipment"

urlpatterns = [
    path("", equipment.equipment_list, name="list"),
    path("moi/", equipment.equipment_create, name="create"),
    path("<int:pk>/", equipment.equipment_detail, name="detail"),
    path("<int:pk>/sua/", equipment.equipment_edit, name="edit"),
    path("<int:pk>/giao/", equipment.equipment_check_out, name="check_out"),
    path("<int:pk>/thu-hoi/", equipment.equipment_return, name="return"),
    path("nhan-qr/", labels.equipment_labels, name="labels"),
    path("nhap/", imports.import_upload, name="import"),
    path("nhap/<uuid:pk>/", imports.import_status, name="import_status"),
    path("ra-soat/", reviews.my_review, name="my_review"),
    path("dot-ra-soat/", reviews.campaign_list, name="campaign_list"),
    path("dot-ra-soat/moi/", reviews.campaign_create, name="campaign_create"),
    path("dot-ra-soat/<int:pk>/", reviews.campaign_detail, name="campaign_detail"),
    path("dot-ra-soat/<int:pk>/nhac/", reviews.campaign_remind, name="campaign_remind"),
    path("san-sang/", readiness.readiness, name="readiness"),
    path("san-sang/xuat/", readiness.readiness_export, name="readiness_export"),
    path("quy-tac/", readiness.rule_edit, name="rules"),
    path("quy-tac/<int:pk>/", readiness.rule_edit, name="rule_edit"),
    path("de-xuat/", proposals.proposal_list, name="proposal_list"),
    path("de-xuat/moi/", proposals.proposal_create, name="proposal_create"),
    path("de-xuat/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("de-xuat/<int:pk>/duyet/", proposals.proposal_decide, name="proposal_decide"),
    path("de-xuat/<int:pk>/tham-dinh/", proposals.proposal_review, name="proposal_review"),
    path("de-xuat/tong-hop/", proposals.batch_create, name="batch_create"),
    path("cong-van-de-xuat/", proposals.batch_list, name="batch_list"),
    path("cong-van-de-xuat/<int:pk>/", proposals.batch_detail, name="batch_detail"),
    path(
        "cong-van-de-xuat/<int:pk>/tai/<slug:fmt>/",
        proposals.batch_download,
        name="batch_download",
    ),
]
