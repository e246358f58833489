"""The tracing pages, for tracers (and Admins), split by area: ``dashboard``, ``cases``
(the case list, registering a case, its page, trace runs, export, closing) and
``contacts`` (the follow-up list, a contact's page and what is recorded there).

Views parse, check the role, call one service or selector, and render. Pages that
show contacts' personal data, and the export, go through ``services.disclosures``,
which records them in the audit log.
"""
