"""schemathesis against the live schema, for a staff and a manager session (`make api-fuzz`).

A throwaway SQLite database under a temporary folder is migrated and seeded with the demo;
gunicorn serves the app on a free loopback port with the local settings, DEBUG off; then
`schemathesis run` reads /api/schema/ and sends a bounded number of examples to every
operation, once as staff1 (staff) and once as manager1 (manager), with every check. The exit
status is non-zero on any failure of any run.

Staff and managers use the API with their browser session (integration keys are for other
systems), so each run carries a session cookie and the CSRF cookie with its X-CSRFToken header,
as the browser does.

Every operation and every check runs. Bounds, for CI's budget: API_FUZZ_EXAMPLES (default 5)
examples per operation in the fuzzing phase; the coverage phase (its cases come from the schema
alone: boundaries, wrong types, missing fields) runs for the first user only, the second runs
fuzzing and stateful with its own rights; `.ci/schemathesis.toml` says what else is set and why.
API_FUZZ_SEED fixes the generator (default: a fixed seed, so CI is repeatable;
API_FUZZ_SEED=random for a fresh one). API_FUZZ_USERS=staff1 runs one user.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = tuple(os.environ.get("API_FUZZ_USERS", "staff1,manager1").split(","))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Migrate, seed the demo, open one session per user: {username: (session key, csrf)}."""
    code = (
        "import json, secrets, django\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0, interactive=False)\n"
        "call_command('seed_demo', verbosity=0)\n"
        "from django.contrib.auth import get_user_model, SESSION_KEY\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "out = {}\n"
        f"for name in {USERS!r}:\n"
        "    user = get_user_model().objects.get(username=name)\n"
        "    s = SessionStore()\n"
        "    s[SESSION_KEY] = str(user.pk)\n"
        "    s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "    s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "    s.set_expiry(3600)\n"
        "    s.create()\n"
        "    out[name] = (s.session_key, secrets.token_hex(16))\n"
        "print(json.dumps(out))\n"
    )
    import json

    result = subprocess.run(
        [str(BIN / "python"), "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return {k: tuple(v) for k, v in json.loads(result.stdout.strip().splitlines()[-1]).items()}


def wait_for(url: str, server: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"api-fuzz: the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"api-fuzz: {url} did not answer in {seconds} s")


def main() -> int:
    examples = os.environ.get("API_FUZZ_EXAMPLES", "5")
    seed = os.environ.get("API_FUZZ_SEED", "20261208")
    tmp = Path(tempfile.mkdtemp(prefix="api-fuzz-"))
    (tmp / "celery").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        # The fuzzer sends far more than a person: no 429 in the middle of the run (429 itself is
        # documented and tested in tests/api/).
        "DJANGO_API_THROTTLE_USER": "100000/minute",
        "DJANGO_API_THROTTLE_ANON": "100000/minute",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CELERY_BROKER_URL", None)
    started = time.monotonic()
    sessions = prepare(env)
    print(f"api-fuzz: database and demo ready in {time.monotonic() - started:.0f} s", flush=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    failed = []
    try:
        wait_for(f"{base}/api/schema/", server)
        for index, name in enumerate(USERS):
            session_key, csrf = sessions[name]
            phases = "examples,coverage,fuzzing,stateful" if index == 0 else "fuzzing,stateful"
            run_started = time.monotonic()
            command = [
                str(BIN / "schemathesis"),
                "--config-file",
                str(ROOT / ".ci" / "schemathesis.toml"),
                "run",
                f"{base}/api/schema/",
                "--checks",
                "all",
                "--max-examples",
                examples,
                "--phases",
                phases,
                "--workers",
                "2",
                "--request-timeout",
                "30",
                "--no-shrink",
                "--header",
                "Accept-Language: ko",
                "--output-truncate",
                "true",
            ]
            if seed != "random":
                command += ["--seed", seed]
            print(f"api-fuzz: {name}: {' '.join(command[:3])} …", flush=True)
            run_env = {
                **env,
                "PYTHONPATH": str(ROOT / ".ci"),
                "SCHEMATHESIS_HOOKS": "api_fuzz_hooks",
                "API_FUZZ_SESSION": session_key,
                "API_FUZZ_CSRF": csrf,
            }
            code = subprocess.run(command, cwd=tmp, env=run_env).returncode
            print(
                f"api-fuzz: {name}: exit {code} in {time.monotonic() - run_started:.0f} s",
                flush=True,
            )
            if code:
                failed.append(name)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"api-fuzz: {time.monotonic() - started:.0f} s in all", flush=True)
    if failed:
        print(f"api-fuzz: failures for {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
