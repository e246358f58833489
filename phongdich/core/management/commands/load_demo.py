from typing import Any

from django.core.management.base import BaseCommand

from phongdich.accounts import demo as accounts_demo
from phongdich.adoption import demo as adoption_demo
from phongdich.checkin import demo as checkin_demo
from phongdich.checkin import demo_visits
from phongdich.core.roles import Role
from phongdich.directives import demo as directives_demo
from phongdich.equipment import demo as equipment_demo
from phongdich.meetings import demo as meetings_demo
from phongdich.news import demo as news_demo
from phongdich.org import demo as org_demo
from phongdich.privacy import demo as privacy_demo
from phongdich.support import demo as support_demo
from phongdich.tracing import demo as tracing_demo


class Command(BaseCommand):
    help = "Load the demo department (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = org_demo.load()
        totp = accounts_demo.enrol_demo_accounts(login.username for login in logins)
        equipment = equipment_demo.load()
        support = support_demo.load()
        adoption = adoption_demo.load()
        gates = checkin_demo.load_gates()
        visits = demo_visits.load_visits()
        directive = directives_demo.load_directive()
        run = tracing_demo.load_case()
        news = news_demo.load()
        meetings = meetings_demo.load()
        privacy = privacy_demo.load()
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản mẫu:"))
        self.stdout.write(f"  {'Tên đăng nhập':<18} {'Mật khẩu':<16} Vai trò")
        for login in logins:
            self.stdout.write(
                f"  {login.username:<18} {org_demo.DEMO_PASSWORD:<16} {Role(login.role).label}"
            )
        if totp:
            self.stdout.write("Xác thực hai lớp (TOTP) của tài khoản mẫu, khóa bí mật công khai:")
            for username, secret in totp.items():
                self.stdout.write(f"  {username:<18} {secret}")
            self.stdout.write("  Mã hiện tại: python manage.py totp_code TÊN_ĐĂNG_NHẬP")
        self.stdout.write(f"Cổng check-in mẫu: {len(gates)}. Áp phích: /check-in/cong/")
        self.stdout.write(f"Lượt check-in mẫu: {visits}")
        self.stdout.write(f"Văn bản chỉ đạo mẫu: {directive}")
        self.stdout.write(
            f"Thiết bị mẫu: thêm {equipment['equipment']}; "
            f"đợt rà soát mẫu: {equipment['answered']} cán bộ đã trả lời; "
            f"đề xuất nhu cầu thiết bị mẫu: {equipment['proposals']}"
        )
        self.stdout.write(
            f"Tổ CNTT mẫu: {support['members']} thành viên; "
            f"yêu cầu hỗ trợ mẫu: {support['requests']}"
        )
        self.stdout.write(
            f"Khai báo ứng dụng mẫu: thêm {adoption['declarations']}; "
            f"chỉ số chuyển đổi số: thêm {adoption['indicators']} tháng-đơn vị"
        )
        self.stdout.write(
            f"Tin bài mẫu: {news['articles']}; bản tin: {news['bulletins']}; "
            f"tin giả: {news['reports']}"
        )
        self.stdout.write(
            f"Giao ban trực tuyến mẫu: {meetings['minutes']} biên bản, {meetings['plan']}"
        )
        self.stdout.write(
            f"Sổ sự cố mẫu: thêm {privacy['incidents']}; yêu cầu về dữ liệu cá nhân mẫu: "
            f"thêm {privacy['requests']}"
        )
        if run is not None:
            levels = ", ".join(f"F{k}: {n}" for k, n in sorted(run.counts_by_level.items()))
            self.stdout.write(f"Ca bệnh mẫu đang điều tra: {levels or 'chưa có tiếp xúc'}")
