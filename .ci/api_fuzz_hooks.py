"""schemathesis hooks for .ci/api_fuzz.py: the caller's browser session as the schema's
`cookieAuth`, with the CSRF cookie and header that a session needs for a write.

Given as an auth provider (not as a plain Cookie header) so that schemathesis knows which part
of the request is the credential: its `ignored_auth` check removes the session and expects a
401/403."""

import os

import schemathesis

SESSION = os.environ["API_FUZZ_SESSION"]
CSRF = os.environ["API_FUZZ_CSRF"]


@schemathesis.auth()
class BrowserSession:
    def get(self, case, ctx):
        return SESSION

    def set(self, case, data, ctx):
        case.cookies = {**(case.cookies or {}), "sessionid": data, "csrftoken": CSRF}
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF}
