#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Signs one S3 request with Debian's python3-botocore at a fixed time, for
# test-sigv4 to compare with Debrief's signer.
#
#   botocore-sign.py presign|header ENDPOINT BUCKET KEY AMZ_DATE EXPIRES REGION ACCESS SECRET
#
# Prints the presigned URL, or the payload hash and Authorization header of a GET.
import datetime
import sys
from unittest import mock
from urllib.parse import quote

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
    mode, endpoint, bucket, key, amz_date, expires, region, access, secret = sys.argv[1:10]
    when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    url = f"{endpoint}/{bucket}/{quote(key, safe='/~')}"
    credentials = Credentials(access, secret)

    class FixedDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return when

    with mock.patch.object(botocore.auth.datetime, "datetime", FixedDatetime):
        if mode == "presign":
            request = AWSRequest(method="GET", url=url)
            botocore.auth.S3SigV4QueryAuth(credentials, "s3", region, expires=int(expires)).add_auth(request)
            print(request.url)
        else:
            request = AWSRequest(method="GET", url=url, headers={"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
            botocore.auth.S3SigV4Auth(credentials, "s3", region).add_auth(request)
            # botocore decides whether to hash the payload (it does over plain HTTP).
            print(request.headers["X-Amz-Content-SHA256"])
            print(request.headers["Authorization"])


if __name__ == "__main__":
    main()
