from django.db import models


class ScoreExport(models.Model):
    """The daily gzip'ed JSON of every published snapshot, for extensions' offline copies.

    Kept in the database so every web server can serve the same file.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    requester_count = models.PositiveIntegerField()
    etag = models.CharField(max_length=64)
    content = models.BinaryField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Score export of {self.created_at:%Y-%m-%d %H:%M}"
