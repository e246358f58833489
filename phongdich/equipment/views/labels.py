"""The QR label sheet: for a unit (and the list's filters) or for a selection of records."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phongdich.core.permissions import role_required
from phongdich.equipment import labels
from phongdich.equipment.forms.equipment import LabelForm
from phongdich.equipment.roles import LABEL_PRINTERS
from phongdich.equipment.selectors import equipment as selectors

MAX_LABELS = 24 * 40  # 40 sheets at a time


@require_GET
@role_required(*LABEL_PRINTERS)
def equipment_labels(request: HttpRequest) -> HttpResponse:
    units = selectors.reader_units(request.user)
    form = LabelForm(request.GET or None, units=units)
    if not form.is_bound or not form.is_valid():
        return render(request, "equipment/labels_form.html", {"form": form})
    data = form.cleaned_data
    items = list(
        selectors.equipment_list(
            user=request.user,
            unit=data["unit"],
            kind=data["kind"],
            condition=data["condition"],
            query=data["q"],
            units=units,
            ids=data["id"],
        )[: MAX_LABELS + 1]
    )
    if not items or len(items) > MAX_LABELS:
        form.add_error(
            None,
            _("Không có thiết bị nào khớp điều kiện đã chọn.")
            if not items
            else _("Quá %(n)s nhãn một lần; hãy chọn từng đơn vị hoặc loại thiết bị.")
            % {"n": MAX_LABELS},
        )
        return render(request, "equipment/labels_form.html", {"form": form}, status=400)
    response = HttpResponse(labels.labels_pdf(items), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, "nhan-tai-san-qr.pdf") or ""
    return response
