"""Writes of the check-in app, one module per area. Each service owns its transaction
and its audit entry; views call one of them."""
