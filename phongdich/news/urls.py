"""Every news URL: the public pages under /tin-tuc/ and the staff pages below them."""

from django.urls import path

from phongdich.news.views import articles, bulletins, falsenews, feed, public, stats

app_name = "news"

urlpatterns = [
    # Public (no sign-in).
    path("", public.news_index, name="index"),
    path("<int:pk>/", public.news_detail, name="detail"),
    path("atom/", feed.article_feed, name="feed"),
    path("anh/<uuid:pk>/", public.image, name="image"),
    # Articles (staff and the editorial board).
    path("bai-viet/", articles.article_list, name="article_list"),
    path("bai-viet/moi/", articles.article_create, name="article_create"),
    path("bai-viet/<int:pk>/", articles.article_detail, name="article_detail"),
    path("bai-viet/<int:pk>/sua/", articles.article_edit, name="article_edit"),
    path("bai-viet/<int:pk>/chuyen/", articles.article_transition, name="article_transition"),
    path("bai-viet/<int:pk>/anh/", articles.article_image_upload, name="article_image"),
    path(
        "bai-viet/<int:pk>/phien-ban/<int:number>/",
        articles.article_version,
        name="article_version",
    ),
    path("bai-viet/<int:pk>/xuat.<str:fmt>", articles.article_export, name="article_export"),
    # Counts (item 7).
    path("thong-ke/", stats.stats, name="stats"),
    # The verified bulletin.
    path("van-ban/", bulletins.bulletin_list, name="bulletin_list"),
    path("van-ban/ty-le/xuat/", bulletins.bulletin_rates_export, name="bulletin_rates_export"),
    path("van-ban/moi/", bulletins.bulletin_create, name="bulletin_create"),
    path("van-ban/<int:pk>/", bulletins.bulletin_detail, name="bulletin_detail"),
    path("van-ban/<int:pk>/xac-nhan/", bulletins.bulletin_acknowledge, name="bulletin_acknowledge"),
    path("van-ban/<int:pk>/nhac/", bulletins.bulletin_remind, name="bulletin_remind"),
    path("van-ban/<int:pk>/tep/", bulletins.bulletin_file, name="bulletin_file"),
    # False-news reports and warnings.
    path("tin-gia/", falsenews.report_list, name="report_list"),
    path("tin-gia/xuat/", falsenews.report_list_export, name="report_list_export"),
    path("tin-gia/moi/", falsenews.report_create, name="report_create"),
    path("tin-gia/<int:pk>/", falsenews.report_detail, name="report_detail"),
    path("tin-gia/<int:pk>/ket-luan/", falsenews.report_decide, name="report_decide"),
    path("tin-gia/<int:pk>/anh/", falsenews.report_screenshot, name="report_screenshot"),
    path("canh-bao/", falsenews.warning_list, name="warning_list"),
]
