from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from phongdich.checkin import urls as checkin_urls

urlpatterns = [
    path("", include("phongdich.core.urls")),
    path("tai-khoan/", include("phongdich.accounts.urls")),
    path("to-chuc/", include("phongdich.org.urls")),
    path("c/", include((checkin_urls.public_urlpatterns, "public"))),
    path("check-in/", include("phongdich.checkin.urls")),
    path("truy-vet/", include("phongdich.tracing.urls")),
    path("chi-dao/", include("phongdich.directives.urls")),
    path("thong-bao/", include("phongdich.notifications.urls")),
    path("thiet-bi/", include("phongdich.equipment.urls")),
    path("ho-tro/", include("phongdich.support.urls")),
    path("ung-dung/", include("phongdich.adoption.urls")),
    path("tin-tuc/", include("phongdich.news.urls")),
    path("hop/", include("phongdich.meetings.urls")),
    path("du-lieu-ca-nhan/", include("phongdich.privacy.urls")),
    path("huong-dan/", include("phongdich.guide.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("quan-tri/", admin.site.urls),
]
