"""Reads, grouped by area. Each returns a queryset (or plain data) with the joins its callers need.

Writes live in reviews/services/; nothing here changes data.
"""
