from django.urls import path, re_path

from phongdich.support.views import dashboard, knowledge, partners, requests, team

app_name = "support"

urlpatterns = [
    path("", requests.request_list, name="request_list"),
    path("moi/", requests.request_create, name="request_create"),
    path("goi-y/", requests.suggest, name="suggest"),
    path("hang-doi/", requests.queue, name="queue"),
    path("<int:pk>/", requests.request_detail, name="request_detail"),
    path("<int:pk>/xu-ly/", requests.request_act, name="request_act"),
    path("<int:pk>/anh/", requests.request_image, name="request_image"),
    path("to-cntt/", team.team, name="team"),
    path("to-cntt/chua-phan-cong/", team.uncovered, name="uncovered"),
    path("to-cntt/thanh-vien/moi/", team.member_edit, name="member_create"),
    path("to-cntt/thanh-vien/<int:pk>/", team.member_edit, name="member_edit"),
    path("to-cntt/don-vi/<int:unit_id>/", team.assignment_edit, name="assignment_edit"),
    re_path(r"^to-cntt/quyet-dinh\.(?P<fmt>docx|pdf)$", team.decision, name="decision"),
    path("doi-tac/", partners.partner_list, name="partner_list"),
    path("doi-tac/moi/", partners.partner_edit, name="partner_create"),
    path("doi-tac/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path("doi-tac/<int:pk>/sua/", partners.partner_edit, name="partner_edit"),
    path("muc-dich-vu/", dashboard.sla, name="sla"),
    path("muc-dich-vu/ngay-nghi/<int:pk>/xoa/", dashboard.holiday_delete, name="holiday_delete"),
    path("theo-doi/", dashboard.dashboard, name="dashboard"),
    path("huong-dan/", knowledge.kb_list, name="kb_list"),
    path("huong-dan/moi/", knowledge.kb_edit, name="kb_create"),
    path("huong-dan/bai/<int:pk>/sua/", knowledge.kb_edit, name="kb_edit"),
    path("huong-dan/<slug:slug>/", knowledge.kb_detail, name="kb_detail"),
]
