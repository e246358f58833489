from django.urls import path

from phongdich.meetings.views import figures, meetings, minutes, participants, plans

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("xuat/", meetings.meeting_list_export, name="list_export"),
    path("moi/", meetings.meeting_create, name="create"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/sua/", meetings.meeting_edit, name="edit"),
    path("<int:pk>/huy/", meetings.meeting_cancel, name="cancel"),
    path("<int:pk>/tai-lieu/", meetings.document_upload, name="document_upload"),
    path("<int:pk>/tai-lieu/<int:doc_pk>/", meetings.document_download, name="document"),
    path("<int:pk>/lich.ics", meetings.meeting_ics, name="ics"),
    path("<int:pk>/vao-hop/", meetings.meeting_join, name="join"),
    path("<int:pk>/tra-loi/", meetings.meeting_reply, name="reply"),
    path("<int:pk>/moi-hop/", participants.meeting_invite, name="invite"),
    path("<int:pk>/diem-danh/", participants.meeting_attendance, name="attendance"),
    path("<int:pk>/bien-ban/", minutes.minutes_edit, name="minutes"),
    path("<int:pk>/bien-ban.<str:fmt>", minutes.minutes_export, name="minutes_export"),
    path(
        "<int:pk>/bien-ban/giao-nhiem-vu/",
        minutes.conclusions_to_tasks,
        name="conclusions_to_tasks",
    ),
    path("lich-cua-toi/", participants.calendar, name="calendar"),
    path("lich-cua-toi/tao-duong-dan/", participants.feed_create, name="feed_create"),
    path("lich-cua-toi/thu-hoi/", participants.feed_revoke, name="feed_revoke"),
    path("ical/<str:token>.ics", participants.feed, name="feed"),
    path("so-lieu/", figures.figures, name="figures"),
    path("ke-hoach/", plans.plan_list, name="plan_list"),
    path("ke-hoach/du-thao/", plans.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/van-ban.<str:fmt>", plans.plan_export, name="plan_export"),
    path("ke-hoach/<int:pk>/ban-hanh/", plans.plan_issue, name="plan_issue"),
]
