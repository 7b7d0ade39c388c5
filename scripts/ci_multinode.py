"""The multi-node job (issue #20): docs/deployment.md section 6 "More than one machine", in CI.

Two app nodes, each with its own ``VAR_DIR`` and running the three documented units (gunicorn, the
background worker, the scheduled jobs), on one PostgreSQL (started by .ci/run), behind nginx with
the documented upstream block (round robin); files in an S3-compatible server (moto's server mode,
from PyPI); mail to a real SMTP server (aiosmtpd with STARTTLS and AUTH, answering slowly); the
seal with the test PKI. Then, through the proxy and through each node directly:

1. a file uploaded through node A is downloaded through node B (shared storage and sessions);
2. the scheduled jobs and the workers run on both nodes at the same moment, three times: every
   mail reaches the SMTP server exactly once;
3. a short load through the proxy on both nodes: no errors;
4. node A is killed (gunicorn and its worker, SIGKILL) while its worker is sending: the proxy goes
   on answering through node B, and after the lease every queued mail has arrived exactly once.

    PRODUCTION_PG=127.0.0.1:55432 PG_BIN=/usr/lib/postgresql/15/bin .venv/bin/python scripts/ci_multinode.py

Exit status 0 only when every check passed.
"""

import argparse
import collections
import email
import mailbox
import os
import random
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from samenwerkwijzer.lib.benchmark_docs import write_section  # noqa: E402
from scripts.ci_production import (  # noqa: E402
    DOCS,
    PYTHON,
    Job,
    blocks,
    documented_commands,
    documented_environment,
    exec_start,
    free_port,
    nginx_config,
    pki_and_certificates,
    run_job,
    say,
    seal_pkcs12,
    write_env_file,
)
from testsupport.pki import PKCS12_PASSWORD  # noqa: E402

MAILS_AFTER_KILL = 24
SMTP_DELAY = 0.4  # seconds the SMTP server waits before it accepts a message: a sender is killed mid-send
KILL_MARGIN = 0.15  # at least this long before the server would accept the killed node's message


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=4, help="people in the load check (CI: 4)")
    parser.add_argument("--seconds", type=float, default=0, help="browse this long instead of 60 pages each")
    parser.add_argument("--write-docs", action="store_true", help="write the load figures to docs/benchmarks.md")
    global OPTIONS
    OPTIONS = parser.parse_args()
    return run_job("multi-node", run)


OPTIONS = argparse.Namespace(users=4, seconds=0, write_docs=False)


def run(job: Job, work: Path, pg_host: str, pg_port: str, pg_bin: Path) -> int:
    pki, secrets_dir, (nginx_cert, nginx_key), (smtp_cert, smtp_key) = pki_and_certificates(job, work)
    https_port, smtp_port, s3_port = free_port(), free_port(), free_port()
    node_ports = {"a": free_port(), "b": free_port()}
    site = f"https://localhost:{https_port}"
    smtp_user, smtp_password = "samenwerkwijzer", secrets.token_urlsafe(16)
    database = "samenwerkwijzer_multinode"
    subprocess.run(
        [pg_bin / "dropdb", "-h", pg_host, "-p", pg_port, "-U", "postgres", "--if-exists", database], check=True
    )
    subprocess.run([pg_bin / "createdb", "-h", pg_host, "-p", pg_port, "-U", "postgres", database], check=True)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "APP_PROFILE", "TESTS_"))}

    say("S3-compatible server (moto) with a private bucket")
    job.start("s3", [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)], env=base_env, port=s3_port)
    s3 = {
        "S3_BUCKET": "samenwerkwijzer-files",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "S3_ACCESS_KEY_ID": "multinode",
        "S3_SECRET_ACCESS_KEY": secrets.token_urlsafe(16),
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
    }
    import boto3

    boto3.client(
        "s3",
        endpoint_url=s3["S3_ENDPOINT_URL"],
        aws_access_key_id=s3["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=s3["S3_SECRET_ACCESS_KEY"],
        region_name=s3["S3_REGION"],
    ).create_bucket(Bucket=s3["S3_BUCKET"])

    env = {
        **base_env,
        "APP_PROFILE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "localhost",
        "CSRF_TRUSTED_ORIGINS": site,
        "SITE_URL": site,
        "DATABASE_URL": f"postgres://postgres@{pg_host}:{pg_port}/{database}",
        "EMAIL_URL": f"smtp+tls://{smtp_user}:{smtp_password}@localhost:{smtp_port}",
        "DEFAULT_FROM_EMAIL": "Samenwerkwijzer <noreply@localhost>",
        "AGREEMENT_SEAL_PKCS12": str(seal_pkcs12(pki, secrets_dir)),
        "AGREEMENT_SEAL_PKCS12_PASSWORD": PKCS12_PASSWORD,
        "AGREEMENT_SEAL_TRUST_ROOTS": str(pki.cert("root")),
        "AGREEMENT_SEAL_TSA_URL": pki.tsa_url,
        "SSL_CERT_FILE": str(pki.cert("root")),
        # Short here so the killed node's task comes back within the job; 600 s in the docs.
        "TASK_LEASE_SECONDS": "8",
        "TASK_RETRY_BACKOFF_SECONDS": "1",
        **s3,
    }
    for name, value in documented_environment().items():
        if name not in env and "<" not in value and "example." not in value and "/srv/" not in value:
            env[name] = value
    nodes = {name: {**env, "VAR_DIR": str(work / f"node-{name}" / "var")} for name in node_ports}

    say("SMTP server with STARTTLS, answering slowly")
    mail_dir = work / "mail"
    job.start(
        "smtp",
        [
            *[PYTHON, "-m", "testsupport.smtp", "--port", str(smtp_port), "--cert", str(smtp_cert)],
            *["--key", str(smtp_key), "--maildir", str(mail_dir), "--user", smtp_user, "--password", smtp_password],
            *["--delay", str(SMTP_DELAY)],
        ],
        env=base_env,
        port=smtp_port,
    )

    for command in documented_commands("Then, with that environment loaded"):
        argv = shlex.split(command)
        if argv[-1] == "createsuperuser":
            continue  # not needed here (the production job does it)
        job.run(argv, nodes["a"], f"node a: {command}")
    job.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], nodes["b"], "node b: collectstatic")
    job.run([PYTHON, "manage.py", "seed_demo"], nodes["a"], "seed_demo (test data)")

    processes = {}
    for name, port in node_ports.items():
        gunicorn = [
            part.replace("127.0.0.1:8001", f"127.0.0.1:{port}") for part in exec_start("samenwerkwijzer.service")
        ]
        say(f"node {name}: gunicorn on port {port}")
        processes[f"gunicorn-{name}"] = job.start(f"gunicorn-{name}", gunicorn, env=nodes[name], port=port)
    for name in node_ports:
        say(f"node {name}: background worker")
        processes[f"worker-{name}"] = job.start_background(
            f"worker-{name}", exec_start("samenwerkwijzer-worker.service"), env=nodes[name]
        )

    say("nginx spreading requests over both nodes (the documented upstream block)")
    config = nginx_config(work, nginx_cert, nginx_key, https_port)
    config.write_text(balanced(config.read_text(), node_ports.values()))
    job.start("nginx", ["nginx", "-p", str(config.parent), "-c", str(config)], env=base_env, port=https_port)

    os.environ.update(
        {"PRODUCTION_SITE": site, "PRODUCTION_CA": str(pki.cert("root")), "SSL_CERT_FILE": str(pki.cert("root"))}
    )
    os.environ["PRODUCTION_ENV_FILE"] = write_env_file(work / "node-a.env", nodes["a"])
    with open(work / "node-a.env", "a") as extra:  # the S3 and task settings too (not in the production docs' block)
        extra.write("".join(f"{k}={v}\n" for k, v in nodes["a"].items() if k.startswith(("S3_", "TASK_", "VAR_DIR"))))
    checks = Checks(site, node_ports, nodes, mail_dir, work)
    checks.file_through_a_downloaded_through_b()
    checks.jobs_and_workers_on_both_nodes_send_each_mail_once()
    figures = checks.load_through_the_proxy(OPTIONS.users, OPTIONS.seconds)
    if OPTIONS.write_docs:
        write_figures(figures, OPTIONS.seconds)
    checks.a_node_killed_mid_run(processes)
    say("Multi-node job passed")
    return 0


def balanced(config: str, ports) -> str:
    """nginx.conf with the documented upstream block (its servers: the nodes here) and the server
    block of section 4 changed as section 6 says."""
    upstream = next(b for b in blocks("nginx") if "upstream samenwerkwijzer_nodes" in b)
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in ports)
    upstream = re.sub(r"(?m)^\s*server [^\n]*\n", "", upstream).replace("{\n", "{\n" + servers, 1)
    text = DOCS.read_text()
    section = text[text.index("## 6. More than one machine") :]
    next_upstream = re.search(r"`(proxy_next_upstream [^`]+;)`", section).group(1)
    assert "proxy_pass http://127.0.0.1:8001;" in config
    config = config.replace(
        "proxy_pass http://127.0.0.1:8001;", f"proxy_pass http://samenwerkwijzer_nodes;\n        {next_upstream}"
    )
    return config.replace("http {\n", "http {\n" + upstream, 1)


class Checks:
    def __init__(self, site, node_ports, nodes, mail_dir, work):
        from testsupport.production_checks import conftest

        self.c = conftest
        self.site = site
        self.node_ports = node_ports
        self.nodes = nodes
        self.mail_dir = mail_dir
        self.work = work

    # --- helpers --------------------------------------------------------------------------

    def direct(self, session, node: str, method: str, path: str, **kwargs):
        """A request to one node itself, as the proxy would send it (its session cookies included)."""
        cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        headers = {
            "Host": self.site.removeprefix("https://"),
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Cookie": cookies,
            **kwargs.pop("headers", {}),
        }
        import requests

        url = f"http://127.0.0.1:{self.node_ports[node]}{path}"
        return requests.request(method, url, headers=headers, allow_redirects=False, timeout=30, **kwargs)

    def facts(self, body: str) -> dict:
        return self.c.django_facts(os.environ["PRODUCTION_ENV_FILE"], body)

    def manage(self, node: str, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [PYTHON, "manage.py", *args],
            cwd=REPO,
            env=self.nodes[node],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def mails(self) -> list[email.message.Message]:
        return [email.message_from_bytes(m.as_bytes()) for m in mailbox.Maildir(self.mail_dir, create=False)]

    def wait_until_the_queue_is_empty(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            left = self.facts(
                "from django_tasks_db.models import DBTaskResult\n"
                "facts = {'left': DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count()}"
            )["left"]
            if left == 0:
                return
            time.sleep(1)
        raise SystemExit(f"Tasks still waiting after {timeout} s")

    def assert_each_mail_once(self) -> collections.Counter:
        seen = collections.Counter(
            (m["To"], m["Subject"], m.get_payload(decode=True) if not m.is_multipart() else m.as_string())
            for m in self.mails()
        )
        twice = [key[:2] for key, count in seen.items() if count > 1]
        if twice:
            raise SystemExit(f"Mails sent more than once: {twice[:5]}")
        return seen

    # --- the checks -----------------------------------------------------------------------

    def file_through_a_downloaded_through_b(self) -> None:
        say("A file uploaded through node A is downloaded through node B")
        from weasyprint import HTML

        session = self.c.https_session()
        self.c.log_in(session, "charlie@example.org")
        facts = self.facts(
            "from samenwerkwijzer.organisations.models import Organisation\n"
            "o = Organisation.objects.get(name='Bouwadvies Jansen')\n"
            "facts = {'pk': o.pk, 'collaboration': o.participations.order_by('pk').first().collaboration_id}"
        )
        path = f"/verification/organisations/{facts['pk']}/extract/"
        pdf = HTML(string="<h1>Uittreksel Handelsregister</h1><p>Bouwadvies Jansen, node A</p>").write_pdf()
        form = self.direct(session, "a", "GET", path)
        assert form.status_code == 200, form.status_code
        import datetime

        answer = self.direct(
            session,
            "a",
            "POST",
            path,
            data={
                "csrfmiddlewaretoken": self.c.csrf_token(form.text),
                "extract_date": datetime.date.today().isoformat(),
                "signatories": "",
            },
            files={"extract": ("uittreksel.pdf", pdf, "application/pdf")},
            headers={"Referer": self.site + path},
        )
        if answer.status_code != 302:
            raise SystemExit(f"The upload through node A was not accepted ({answer.status_code})")
        # The reviewer's decision (staff with a second factor) is not what this job is about: the
        # extract is approved in the database, as the review page would.
        submission = self.facts(
            "from samenwerkwijzer.verification.models import ExtractSubmission\n"
            "s = ExtractSubmission.objects.exclude(extract='').latest('pk')\n"
            "ExtractSubmission.objects.filter(pk=s.pk).update(status=ExtractSubmission.Status.APPROVED)\n"
            "facts = {'pk': s.pk, 'name': s.extract.name}"
        )
        local = list((self.work / "node-a" / "var").rglob("*.pdf"))
        if local:
            raise SystemExit(f"The upload landed on node A's disk instead of the shared storage: {local}")
        download = self.direct(
            session, "b", "GET", f"/registry/collaborations/{facts['collaboration']}/extracts/{submission['pk']}/"
        )
        if download.status_code != 200 or download.content != pdf:
            raise SystemExit(f"Node B did not serve the file uploaded through node A ({download.status_code})")

    def jobs_and_workers_on_both_nodes_send_each_mail_once(self) -> None:
        say("The scheduled jobs on both nodes at the same moment, three times; workers on both nodes")
        for _ in range(3):
            runs = [self.manage(node, "run_scheduled_jobs") for node in self.nodes]
            for run in runs:
                output = run.communicate(timeout=300)[0].decode()
                if run.returncode != 0:
                    raise SystemExit(f"run_scheduled_jobs failed:\n{output[-3000:]}")
        self.wait_until_the_queue_is_empty()
        seen = self.assert_each_mail_once()
        sent = self.facts(
            "from samenwerkwijzer.core.models import OutgoingMail\n"
            "facts = {'sent': OutgoingMail.objects.filter(status='sent').count(), "
            "'other': list(OutgoingMail.objects.exclude(status='sent').values_list('status', flat=True))}"
        )
        if sent["other"] or sent["sent"] != sum(seen.values()) or not seen:
            raise SystemExit(f"Outbox and SMTP server disagree: {sent}, {sum(seen.values())} mails arrived")
        say(f"{sum(seen.values())} mails, each exactly once")

    def load_through_the_proxy(self, users: int = 4, seconds: float = 0, requests_per_person: int = 60) -> dict:
        """``users`` people browsing through the proxy (CI: ``requests_per_person`` pages each without
        pause; with ``seconds``: for that long, 0.5-1.5 s between pages, as the load benchmark's
        "browse"), while the scheduled jobs run on both nodes at once: no errors, each mail once."""
        say(f"Load through the proxy on both nodes: {users} people" + (f" for {seconds:.0f} s" if seconds else ""))
        errors, done = [], []
        people = ["alice@example.org", "bob@example.org", "charlie@example.org", "olga@example.org"]
        dashboards = self.facts(
            "from samenwerkwijzer.collaborations.models import Collaboration\n"
            f"facts = {{e: Collaboration.objects.filter(participants__organisation__memberships__user__email=e)"
            f".order_by('pk').values_list('pk', flat=True).first() for e in {people!r}}}"
        )
        started = time.monotonic()

        def browse(address: str) -> None:
            session = self.c.https_session()
            self.c.log_in(session, address)
            pk = dashboards[address]
            pages = ["/", f"/collaborations/{pk}/", f"/collaborations/{pk}/participants/"] if pk else ["/"]
            index = 0
            while (time.monotonic() - started < seconds) if seconds else index < requests_per_person:
                path = pages[index % len(pages)]
                begin = time.monotonic()
                response = session.get(self.site + path, timeout=30)
                took = (time.monotonic() - begin) * 1000
                (done if response.status_code == 200 else errors).append((path, response.status_code, took))
                index += 1
                if seconds:
                    time.sleep(random.uniform(0.5, 1.5))  # noqa: S311 - think time, not security

        threads = [threading.Thread(target=browse, args=(people[n % len(people)],)) for n in range(users)]
        for thread in threads:
            thread.start()
        jobs = [self.manage(node, "run_scheduled_jobs") for node in self.nodes]  # meanwhile, on both nodes
        for thread in threads:
            thread.join()
        for run in jobs:
            run.communicate(timeout=300)
        elapsed = time.monotonic() - started
        if errors or (not seconds and len(done) != users * requests_per_person):
            raise SystemExit(f"Errors under load: {errors[:10]} ({len(done)} answered)")
        self.wait_until_the_queue_is_empty()
        mails = sum(self.assert_each_mail_once().values())
        times = sorted(took for *_, took in done)
        figures = {
            "users": users,
            "requests": len(done),
            "errors": len(errors),
            "per_second": len(done) / elapsed,
            "p50": times[len(times) // 2],
            "p95": times[max(0, -(-len(times) * 95 // 100) - 1)],
            "mails": mails,
        }
        say(
            f"{len(done)} requests, 0 errors, p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms; "
            f"{mails} mails so far, each exactly once"
        )
        return figures

    def a_node_killed_mid_run(self, processes) -> None:
        say(f"{MAILS_AFTER_KILL} mails queued; node A killed while its worker sends")
        self.facts(
            "from django.db import transaction\n"
            "from samenwerkwijzer.lib.mail import send_after_commit\n"
            "with transaction.atomic():\n"
            f"    for n in range({MAILS_AFTER_KILL}):\n"
            "        send_after_commit(subject=f'Kill test {n}', body='Tekst', to=[f'kill{n}@example.org'],"
            " idempotency_key=f'multinode-kill-{n}')\n"
            "facts = {}"
        )
        # Kill when a message of each node waits in the SMTP server's delay (each node's worker sends
        # one mail at a time, so two waiting means one is node A's), and the earlier of the two began
        # to wait at most SMTP_DELAY - KILL_MARGIN ago: mid-send, well before the server says "250".
        # (Killed after the "250" and before the row is marked sent, a mail would go twice: the outbox
        # marks it sent right after that answer, before saying goodbye, to keep that moment short;
        # docs/deployment.md says so. Killing at "two waiting" alone once hit that moment in CI.)
        waiting_file = self.mail_dir / "waiting"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            began = _waiting_since(waiting_file)
            waited = time.time() - min(began) if len(began) >= 2 else SMTP_DELAY
            if waited < SMTP_DELAY - KILL_MARGIN:
                break
            time.sleep(0.005)
        else:
            raise SystemExit("The two workers never had a mail waiting at the SMTP server at the same time")
        errors, answered, stop = [], [], threading.Event()

        def keep_asking() -> None:
            session = self.c.https_session()
            while not stop.is_set():
                response = session.get(self.site + "/health/ready", timeout=30)
                (answered if response.status_code == 200 else errors).append(response.status_code)

        processes["worker-a"].send_signal(signal.SIGKILL)
        # gunicorn's master and its workers (their command lines name the node's address).
        subprocess.run(["pkill", "-KILL", "-f", f"127.0.0.1:{self.node_ports['a']}"], check=False)
        asker = threading.Thread(target=keep_asking)
        asker.start()
        time.sleep(3)
        say(
            f"Node A is gone (killed {waited * 1000:.0f} ms into the earlier message's {SMTP_DELAY * 1000:.0f} ms wait); "
            f"requests during and after: {len(answered)} answered, {len(errors)} errors"
        )
        time.sleep(int(self.nodes["b"]["TASK_LEASE_SECONDS"]) + 1)
        jobs = self.manage("b", "run_scheduled_jobs")  # the lease job queues node A's task again
        output = jobs.communicate(timeout=300)[0].decode()
        requeued = re.search(r"abandoned tasks queued again: (\d+)", output)
        if not requeued or int(requeued.group(1)) < 1:
            raise SystemExit(f"The lease job queued no abandoned task again:\n{output[-2000:]}")
        self.wait_until_the_queue_is_empty()
        stop.set()
        asker.join()
        if errors or not answered:
            raise SystemExit(f"The proxy did not keep serving through node B: {errors[:10]}")
        self.assert_each_mail_once()
        arrived = {m["To"] for m in self.mails() if (m["Subject"] or "").startswith("Kill test")}
        missing = {f"kill{n}@example.org" for n in range(MAILS_AFTER_KILL)} - arrived
        if missing:
            print(output[-3000:])
            raise SystemExit(f"Mails lost with node A: {sorted(missing)}")
        say(f"All {MAILS_AFTER_KILL} mails arrived exactly once")


def _waiting_since(waiting_file: Path) -> list[float]:
    """When each message now waiting in the SMTP server's delay began to wait (testsupport/smtp.py)."""
    try:
        lines = waiting_file.read_text().split()
    except FileNotFoundError:
        return []
    try:
        return [float(line) for line in lines]
    except ValueError:  # read while it was being replaced: look again
        return []


def write_figures(figures: dict, seconds: float) -> None:
    """The load check's figures as the "multinode" section of docs/benchmarks.md."""
    text = (
        "## Two nodes behind nginx under load\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on this 2-core machine with "
        f"`scripts/ci_multinode.py --users {figures['users']} --seconds {seconds:.0f} --write-docs` "
        "(PRODUCTION_PG and PG_BIN as in .ci/run): two app nodes (gunicorn as documented, 3 sync workers each, "
        "each with its background worker), nginx round robin with TLS, PostgreSQL, S3 (moto), SMTP; "
        f"{figures['users']} logged-in demo users browsing (home, dashboard, participants; 0.5-1.5 s between "
        "pages) while the scheduled jobs run on both nodes at once. The load generator runs on the same machine.\n\n"
        f"- {figures['requests']} requests, {figures['errors']} errors, {figures['per_second']:.1f} req/s, "
        f"p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms\n"
        f"- {figures['mails']} mails sent during the job, each reached the SMTP server exactly once\n"
    )
    write_section("multinode", text)


if __name__ == "__main__":
    if not shutil.which("nginx"):
        raise SystemExit("nginx is not installed (Debian package nginx-light); .ci/run installs it.")
    sys.exit(main())
