"""Data status: the store's meta object, rejected rows by reason, recent NAV revisions and
data-quality events (``/api/v1/meta`` and ``/api/v1/meta/quality``)."""

from fundlens.web.layout import page_setup

meta = page_setup("Data status")
