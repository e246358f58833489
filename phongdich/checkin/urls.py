"""Check-in URLs, in one file with two lists.

``urlpatterns`` (namespace "checkin") is mounted at /check-in/: gates, the guard
console, the visitor log. ``public_urlpatterns`` (namespace "public") is mounted at
/c/: the public check-in, no account needed. The root URLconf includes both.
"""

from django.urls import path

from phongdich.checkin.views import gates, guard, log, public

app_name = "checkin"

public_urlpatterns = [
    path("", public.manual_code, name="manual_code"),
    path("ngon-ngu/", public.language, name="language"),  # no token has a "/"
    path("huong-dan/<slug:slug>", public.help_article, name="help_article"),
    path("<str:token>", public.checkin, name="checkin"),
    path("<str:token>/ket-qua/<str:ticket>", public.result, name="result"),
    path("<str:token>/ket-qua/<str:ticket>/ung-dung", public.app_tap, name="app_tap"),
    path("<str:token>/ra", public.checkout, name="checkout"),
]

urlpatterns = [
    # Gate management under /check-in/cong/
    path("cong/", gates.index, name="gates_index"),
    path("cong/them/", gates.create, name="gates_create"),
    path("cong/<int:pk>/", gates.detail, name="gates_detail"),
    path("cong/<int:pk>/sua/", gates.edit, name="gates_edit"),
    path("cong/<int:pk>/cap-lai-ma/", gates.regenerate, name="gates_regenerate"),
    path("cong/<int:pk>/thu-hoi-ma/", gates.revoke, name="gates_revoke"),
    path("cong/<int:pk>/ap-phich.pdf", gates.poster_pdf, name="gates_poster_pdf"),
    path("cong/<int:pk>/qr.png", gates.qr_png, name="gates_qr_png"),
    path("cong/<int:pk>/qr.svg", gates.qr_svg, name="gates_qr_svg"),
    path(
        "cong/don-vi/<int:unit_id>/ap-phich.pdf",
        gates.unit_poster_pdf,
        name="gates_unit_poster_pdf",
    ),
    # The guard console under /check-in/bao-ve/
    path("bao-ve/", guard.index, name="guard_index"),
    path("bao-ve/hien-tai/", guard.live, name="guard_live"),
    path("bao-ve/cong/<int:pk>/dang-o-trong/", guard.inside, name="guard_inside"),
    path("bao-ve/check-in/", guard.checkin, name="guard_checkin"),
    path("bao-ve/luot/<int:pk>/quyet-dinh/", guard.decide, name="guard_decide"),
    path("bao-ve/luot/<int:pk>/ra/", guard.check_out, name="guard_check_out"),
    # The visitor log under /check-in/nhat-ky/
    path("nhat-ky/", log.index, name="log_index"),
    path("nhat-ky/xuat-excel/", log.export, name="log_export"),
]
