"""Azure's own Python SDK (azure-mgmt-storageimportexport 0.1.0, api-version 2016-11-01)
against a running waybill-server: create, list, get, cancel, delete, and the service's errors
as ErrorResponseException. Usage: sdk_client.py BASE_URL TOKEN SUBSCRIPTION."""

import sys

from azure.mgmt.storageimportexport import StorageImportExport
from azure.mgmt.storageimportexport.models import (
    DriveStatus, ErrorResponseException, JobDetails, PutJobParameters, ReturnAddress,
    ReturnShipping, UpdateJobParameters,
)
from msrest.authentication import BasicTokenAuthentication

from checks import check, finish

BASE, TOKEN, SUB = sys.argv[1], sys.argv[2], sys.argv[3]
RG = "sdk-group"
client = StorageImportExport(BasicTokenAuthentication({"access_token": TOKEN}), SUB, base_url=BASE)



def job_body():
    return PutJobParameters(
        location="West US",
        properties=JobDetails(
            storage_account_id=f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Storage/storageAccounts/sdk",
            job_type="Import",
            return_address=ReturnAddress(recipient_name="SDK", street_address1="1 Main St", city="Redmond",
                                         postal_code="98052", country_or_region="USA", phone="4255550100",
                                         email="sdk@contoso.example"),
            return_shipping=ReturnShipping(carrier_name="FedEx", carrier_account_number="123"),
            drive_list=[DriveStatus(drive_id="SDK00001", bit_locker_key="000000-111111", manifest_file="\\m.xml",
                                    manifest_hash="ABCDEF")],
        ),
    )


def expect_error(fn, code):
    try:
        fn()
    except ErrorResponseException as exc:
        body = exc.response.json()
        assert body["error"]["code"] == code, body
        return
    raise AssertionError(f"expected {code}")


@check("create answers the new job in Creating")
def _():
    job = client.jobs.create("sdk-job-1", RG, job_body())
    assert job.name == "sdk-job-1" and job.properties.state == "Creating", job
    client.jobs.create("sdk-job-2", RG, job_body())


@check("list by subscription and by resource group include the jobs")
def _():
    names = {j.name for j in client.jobs.list_by_subscription()}
    assert {"sdk-job-1", "sdk-job-2"} <= names, names
    names = {j.name for j in client.jobs.list_by_resource_group(RG, top=1)}
    assert names == {"sdk-job-1", "sdk-job-2"}, f"paging with nextLink: {names}"


@check("get answers the job")
def _():
    assert client.jobs.get("sdk-job-1", RG).properties.job_type == "Import"


@check("cancel sets cancelRequested and keeps the state")
def _():
    job = client.jobs.update("sdk-job-1", RG, UpdateJobParameters(cancel_requested=True))
    assert job.properties.cancel_requested is True and job.properties.state == "Creating", job


@check("a refused request raises ErrorResponseException with the service's code")
def _():
    expect_error(lambda: client.jobs.get("no-such-job", RG), "ResourceNotFound")
    expect_error(lambda: client.jobs.update("sdk-job-2", RG, UpdateJobParameters(state="Completed")), "InvalidJobState")


@check("delete removes the job")
def _():
    client.jobs.delete("sdk-job-1", RG)
    expect_error(lambda: client.jobs.get("sdk-job-1", RG), "ResourceNotFound")
    client.jobs.delete("sdk-job-2", RG)


@check("locations and operations are listed")
def _():
    assert any(l.name == "West US" for l in client.locations.list())
    assert any(o.name == "Microsoft.ImportExport/jobs/delete" for o in client.operations.list())


finish("sdk")
