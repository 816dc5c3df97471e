from django.db import models


class ScoreExport(models.Model):
    """The daily gzip'ed JSON of every published snapshot, for extensions' offline copies,
    in two forms made in the same pass: the full snapshots (`content`) and the compact
    lookup's items (`compact_content`, reviews/services/compact_payloads.py).

    Kept in the database so every web server can serve the same file. Exports built before
    the compact form existed have an empty `compact_etag`.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    requester_count = models.PositiveIntegerField()
    etag = models.CharField(max_length=64)
    content = models.BinaryField()
    compact_etag = models.CharField(max_length=64, blank=True, default="")
    compact_content = models.BinaryField(default=b"")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Score export of {self.created_at:%Y-%m-%d %H:%M}"
