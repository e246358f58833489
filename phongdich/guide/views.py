"""The user guide inside the app: the page and its screenshots."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phongdich.guide.rendering import IMAGE_NAME, Section, book, image_dir

_TYPES = {"png": "image/png", "webp": "image/webp", "jpg": "image/jpeg"}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every signed-in user reads the whole guide; a visitor its public sections
    (the check-in, the personal-data page), with a link to log in for the rest."""
    signed_in = request.user.is_authenticated
    guide = book().guide_for(signed_in=signed_in)
    # The contents: each section (##) with its subsections (###).
    toc: list[tuple[Section, list[Section]]] = []
    for section in guide.sections:
        if section.level == 2:
            toc.append((section, []))
        elif section.level == 3 and toc:
            toc[-1][1].append(section)
    return render(
        request,
        "guide/index.html",
        {"guide": guide, "toc": toc, "signed_in": signed_in},
    )


@require_GET
def image(request: HttpRequest, name: str) -> FileResponse:
    """A screenshot of the guide, from docs/img only: the name is a plain file name
    (no separator, no dot but the extension's), the resolved path must sit in that
    folder, and a visitor gets only the images of the public sections."""
    if not IMAGE_NAME.match(name):
        raise Http404
    guide = book().guide_for(signed_in=request.user.is_authenticated)
    if name not in guide.images:
        raise Http404
    folder = image_dir().resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=_TYPES[name.rsplit(".", 1)[1]])
    response["X-Content-Type-Options"] = "nosniff"
    return response
