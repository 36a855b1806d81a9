#!/usr/bin/env python3
"""Small helpers for scripts/api-contract (run with the venv's Python).

  wait-health BASE PID SECONDS   wait until GET BASE/health answers 200 while process PID lives
  login BASE                     print a bearer token for the demo admin
  spec BASE TOKEN OUT            save GET BASE/api/v1/openapi.json to OUT, validate it as
                                 OpenAPI 3.1, print its number of operations
  token-ok BASE TOKEN            exit 0 if the token still authorises GET /api/v1/openapi.json
  summarize NDJSON...            count requests and check results in schemathesis ndjson reports,
                                 print "REQUESTS PASSED FAILED" on the last line
"""
import collections, json, os, sys, time, urllib.error, urllib.request

DEMO_LOGIN = {"email": "admin@demo.rapport.test", "password": "rapport-demo"}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def http(method, url, token=None, body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def wait_health(base, pid, seconds):
    deadline = time.monotonic() + float(seconds)
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            sys.exit(f"server process {pid} exited before /health answered")
        try:
            status, _, _ = http("GET", f"{base}/health")
            if status == 200:
                return
            last = f"HTTP {status}"
        except OSError as e:
            last = str(e)
        time.sleep(0.5)
    sys.exit(f"GET {base}/health did not answer 200 within {seconds}s (last: {last})")


def login(base):
    status, _, body = http("POST", f"{base}/api/v1/auth/login", body=DEMO_LOGIN)
    if status != 200:
        sys.exit(f"login failed: HTTP {status}: {body[:500]!r}")
    token = json.loads(body).get("token")
    if not isinstance(token, str) or not token:
        sys.exit(f"login response has no string 'token': {body[:500]!r}")
    print(token)


def spec(base, token, out):
    from openapi_spec_validator import OpenAPIV31SpecValidator

    status, ctype, body = http("GET", f"{base}/api/v1/openapi.json", token)
    if status != 200:
        sys.exit(f"GET /api/v1/openapi.json: HTTP {status}: {body[:500]!r}")
    if not ctype.startswith("application/json"):
        sys.exit(f"GET /api/v1/openapi.json: Content-Type is {ctype!r}, expected application/json")
    document = json.loads(body)
    with open(out, "wb") as f:
        f.write(body)
    if not str(document.get("openapi", "")).startswith("3.1."):
        sys.exit(f"openapi.json declares openapi={document.get('openapi')!r}, expected 3.1.x")
    problems = [str(e).splitlines()[0] for e in OpenAPIV31SpecValidator(document).iter_errors()]
    if problems:
        sys.exit(f"openapi.json is not valid OpenAPI 3.1 ({len(problems)} problems):\n- " + "\n- ".join(problems[:50]))
    ops = sum(1 for item in document.get("paths", {}).values() for m in item if m in METHODS)
    if ops == 0:
        sys.exit("openapi.json documents no operations")
    print(ops)


def token_ok(base, token):
    status, _, _ = http("GET", f"{base}/api/v1/openapi.json", token)
    sys.exit(0 if status == 200 else f"the token no longer works after the run (HTTP {status})")


def summarize(paths):
    requests = passed = failed = errors = 0
    statuses, by_phase = collections.Counter(), collections.Counter()
    failing_checks = collections.Counter()
    ok_ops, all_ops = set(), set()
    for path in paths:
        for line in open(path):
            event = json.loads(line)
            if "NonFatalError" in event:
                errors += 1
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            errors += finished["status"] == "error"
            recorder = finished["recorder"]
            checks = recorder.get("checks", {})
            for case_id, interaction in recorder.get("interactions", {}).items():
                requests += 1
                by_phase[finished["phase"]] += 1
                code = (interaction.get("response") or {}).get("status_code")
                statuses[code] += 1
                label = recorder["label"]
                all_ops.add(label)
                if isinstance(code, int) and 200 <= code < 300:
                    ok_ops.add(label)
                bad = [c["name"] for c in checks.get(case_id, []) if c["status"] != "success"]
                failing_checks.update(bad)
                if bad or code is None:
                    failed += 1
                else:
                    passed += 1
    print("requests by phase:", dict(sorted(by_phase.items())))
    print("responses by status:", dict(sorted(statuses.items(), key=lambda kv: str(kv[0]))))
    if failing_checks:
        print("failing checks:", dict(failing_checks))
    if errors:
        print(f"schemathesis errors: {errors}")
    never_ok = sorted(all_ops - ok_ops)
    if never_ok:
        print(f"operations that never got a 2xx ({len(never_ok)}): " + ", ".join(never_ok))
    print(requests, passed, failed + errors)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"wait-health": wait_health, "login": login, "spec": spec, "token-ok": token_ok,
     "summarize": lambda *p: summarize(p)}[command](*args)
