"""The outbox: every mail the app sends is a row here first, sent by a background task.

The row's ``idempotency_key`` is unique in the database: a scheduled job that runs on two nodes at
once (or twice) inserts the mail once, so it is sent once (``lib/mail.py``). The sending task
(``core/tasks_mail.py``) claims the row with a conditional update before it talks to the SMTP
server, so two workers never both send it.
"""

from django.db import models


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    idempotency_key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    html_body = models.TextField(blank=True)  # allauth's HTML alternative, when it renders one
    from_email = models.CharField(max_length=300, blank=True)  # empty: DEFAULT_FROM_EMAIL
    to = models.JSONField(default=list)
    headers = models.JSONField(default=dict)
    # [{"filename", "mimetype", "content" (base64)}]: the meeting invitation's .ics
    attachments = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a worker took it (status sending)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.idempotency_key} ({self.status})"
