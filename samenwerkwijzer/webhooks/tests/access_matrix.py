from samenwerkwijzer.lib.authz import LEAD, Expect
from samenwerkwijzer.webhooks.models import WebhookEndpoint

collaboration = {"pk": lambda p: p.collaboration.pk}


def _endpoint(p):
    endpoint = WebhookEndpoint.objects.filter(collaboration=p.collaboration).first()
    if endpoint is None:
        endpoint = WebhookEndpoint.objects.create(
            collaboration=p.collaboration, name="Kanaal", url="https://hooks.example.com/x", events=["meeting.planned"]
        )
    return endpoint.pk


endpoint = {**collaboration, "endpoint_pk": _endpoint}
form = {"name": "x", "url": "https://hooks.example.com/y", "format": "json", "events": ["meeting.planned"]}

EXPECTATIONS = {
    "webhooks:list": Expect(LEAD, kwargs=collaboration),
    "webhooks:create": Expect(LEAD, kwargs=collaboration, methods=("GET", "POST"), data=lambda p: form),
    "webhooks:detail": Expect(LEAD, kwargs=endpoint),
    "webhooks:edit": Expect(LEAD, kwargs=endpoint, methods=("GET", "POST"), data=lambda p: form),
    "webhooks:delete": Expect(LEAD, kwargs=endpoint, methods=("GET", "POST"), data=lambda p: {}),
    "webhooks:test": Expect(LEAD, kwargs=endpoint, methods=("POST",), data=lambda p: {}),
}
