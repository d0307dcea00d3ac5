"""Azure's own Azure Monitor client (azure-mgmt-monitor, activity logs at api-version
2015-04-01) reading the activity log of a waybill-server after sdk_client.py ran against it:
every request outcome on a job is an event, refusals as Failed with their ARM code, newest
first, filtered by time, resource and correlation id, with $select and nextLink paging.
Usage: monitor_client.py BASE_URL TOKEN SUBSCRIPTION."""

import datetime
import sys

from azure.core.exceptions import HttpResponseError
from azure.core.pipeline.policies import SansIOHTTPPolicy
from azure.mgmt.monitor import MonitorManagementClient

from checks import check, finish

BASE, TOKEN, SUB = sys.argv[1], sys.argv[2], sys.argv[3]
RG = "sdk-group"


class Bearer(SansIOHTTPPolicy):
    """The service's token as a bearer header (azure-core's own policy insists on https)."""

    def on_request(self, request):
        request.http_request.headers["Authorization"] = f"Bearer {TOKEN}"


class Token:
    """A credential the client requires; the Bearer policy above is what sends the token."""

    def get_token(self, *scopes, **kwargs):
        raise AssertionError("the Bearer policy sends the token")


client = MonitorManagementClient(credential=Token(), subscription_id=SUB, base_url=BASE,
                                 authentication_policy=Bearer())



now = datetime.datetime.now(datetime.timezone.utc)
since = (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
until = (now + datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
window = f"eventTimestamp ge '{since}' and eventTimestamp le '{until}'"


def job_id(name):
    return f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ImportExport/jobs/{name}"


def of_job(name):
    return list(client.activity_logs.list(filter=f"{window} and resourceUri eq '{job_id(name)}'"))


@check("activity_logs.list reads every outcome of a job, newest first")
def _():
    events = of_job("sdk-job-2")
    seen = [(e.properties["action"], e.status.value, e.properties.get("code")) for e in events]
    assert seen == [("delete", "Succeeded", None), ("ship", "Failed", "InvalidJobState"),
                    ("create", "Succeeded", None)], seen
    failed = events[1]
    assert failed.level == "Error", failed.level
    assert failed.sub_status.value == "BadRequest", failed.sub_status
    assert failed.operation_name.value == "Microsoft.ImportExport/jobs/write", failed.operation_name
    assert events[0].operation_name.value == "Microsoft.ImportExport/jobs/delete"
    for e in events:
        assert e.caller == "user-1", e.caller
        assert e.resource_id.lower() == job_id("sdk-job-2").lower(), e.resource_id
        assert e.resource_group_name == RG and e.subscription_id == SUB
        assert e.resource_provider_name.value == "Microsoft.ImportExport"
        assert isinstance(e.event_timestamp, datetime.datetime), e.event_timestamp
        assert e.event_timestamp.tzinfo is not None
        assert e.category.value == "Administrative"


@check("a cancellation shows who asked and the change it made")
def _():
    cancel = next(e for e in of_job("sdk-job-1") if e.properties["action"] == "cancel")
    assert cancel.properties["cancelRequestedBefore"] == "false", cancel.properties
    assert cancel.properties["cancelRequestedAfter"] == "true", cancel.properties
    assert cancel.properties["stateBefore"] == "Creating", cancel.properties
    assert cancel.http_request.method == "PATCH", cancel.http_request
    # The correlation id finds that request's event alone.
    same = list(client.activity_logs.list(filter=f"{window} and correlationId eq '{cancel.correlation_id}'"))
    assert [e.event_data_id for e in same] == [cancel.event_data_id], same


@check("the whole subscription's log, with $select and a resource group filter")
def _():
    events = list(client.activity_logs.list(filter=f"{window} and resourceGroupName eq '{RG}'",
                                            select="caller,eventTimestamp,status,operationName"))
    assert len(events) >= 6, len(events)
    assert all(e.caller == "user-1" and e.status is not None for e in events)
    assert all(e.resource_id is None and e.properties is None for e in events), "only the $select'ed fields"
    times = [e.event_timestamp for e in events]
    assert times == sorted(times, reverse=True), "newest first"


@check("a bad filter is an error the client raises")
def _():
    try:
        list(client.activity_logs.list(filter="eventTimestamp le '2026-01-01'"))
    except HttpResponseError as exc:
        assert exc.status_code == 400, exc.status_code
        assert exc.error.code == "InvalidFilter", exc.error.code
        return
    raise AssertionError("expected InvalidFilter")


finish("monitor")
