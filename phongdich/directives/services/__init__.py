"""Writes of the directives app, one module per area: each ``<entity>_<action>(*, ...)``
validates, writes, records its audit entry in the same transaction and enqueues what
follows with ``transaction.on_commit``."""
