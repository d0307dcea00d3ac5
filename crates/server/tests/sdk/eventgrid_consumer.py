"""Azure's own Event Grid library (azure-eventgrid) reading what a waybill-server's webhooks
send: a receiver on a loopback port answers the subscription-validation handshake, then every
delivery is parsed with `EventGridEvent.from_dict` (the library's model of the Event Grid
event schema) and its signature checked with Python's hmac.
Usage: eventgrid_consumer.py BASE_URL TOKEN SUBSCRIPTION (the service runs with
--allow-private-webhooks)."""

import hashlib
import hmac
import http.server
import json
import sys
import threading
import time
import urllib.request

from azure.eventgrid import EventGridEvent, SystemEventNames

from checks import check, finish

BASE, TOKEN, SUB = sys.argv[1], sys.argv[2], sys.argv[3]
RG, JOB, SECRET = "eventgrid-group", "eventgrid-job", "eventgrid-secret-0001"
received = []  # (headers, raw body, parsed events)
problems = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            events = [EventGridEvent.from_dict(d) for d in json.loads(raw)]
        except Exception as exc:  # the library refused what was sent
            problems.append(f"not an Event Grid event: {exc!r}: {raw[:200]!r}")
            self.send_response(400)
            self.end_headers()
            return
        received.append((dict(self.headers), raw, events))
        body = b""
        if events[0].event_type == SystemEventNames.EventGridSubscriptionValidationEventName:
            body = json.dumps({"validationResponse": events[0].data["validationCode"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
HOOK = f"http://127.0.0.1:{server.server_address[1]}/hook"


def call(method, path, body=None):
    request = urllib.request.Request(BASE + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


JOB_PATH = (f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs/{JOB}"
            "?api-version=2021-01-01")



def notifications(n):
    for _ in range(200):
        got = [r for r in received if r[0].get("aeg-event-type") == "Notification"]
        if len(got) >= n:
            return got
        time.sleep(0.05)
    raise AssertionError(f"{n} notifications did not arrive: {len(received)} requests, {problems}")


@check("the validation handshake, answered as the library reads it")
def _():
    status, body = call("PUT", f"/_waybill/subscriptions/{SUB}/eventSubscriptions/eventgrid-check",
                        {"properties": {"endpointUrl": HOOK, "secret": SECRET}})
    assert status == 201, (status, body)
    validation = received[0][2][0]
    assert validation.event_type == "Microsoft.EventGrid.SubscriptionValidationEvent"
    assert validation.topic == f"/subscriptions/{SUB}", validation.topic


@check("each change is an Event Grid event the library reads, signed with the secret")
def _():
    create = {"location": "West US", "properties": {
        "storageAccountId": f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Storage/storageAccounts/eg",
        "jobType": "Import",
        "returnAddress": {"recipientName": "R", "streetAddress1": "S", "city": "C", "postalCode": "1",
                          "countryOrRegion": "SE", "phone": "1", "email": "a@b.c"},
        "driveList": [{"driveId": "EG01", "bitLockerKey": "k", "manifestFile": "m", "manifestHash": "h"}]}}
    assert call("PUT", JOB_PATH, create)[0] == 201
    assert call("PATCH", JOB_PATH, {"properties": {"cancelRequested": True}})[0] == 200
    got = notifications(2)
    types = [r[2][0].event_type for r in got]
    assert types[0] == "Microsoft.ImportExport.JobCreated", types
    assert "Microsoft.ImportExport.JobCancelRequested" in types, types
    for headers, raw, events in got:
        event = events[0]
        assert event.subject.endswith(f"/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs/{JOB}")
        assert event.topic == f"/subscriptions/{SUB}"
        assert event.data["jobName"] == JOB and event.data["caller"] == "user-1"
        assert event.event_time.tzinfo is not None
        assert (event.data_version, event.metadata_version) == ("1.0", "1")
        t, mac = headers["waybill-signature"].split(",sha256=")
        expected = hmac.new(SECRET.encode(), t[2:].encode() + b"." + raw, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(mac, expected), "the signature verifies"
    assert not problems, problems


finish("eventgrid")
