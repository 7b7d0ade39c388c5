"""The production job (issue #17): docs/deployment.md, carried out as an operator would, in CI.

The documentation is the contract. This script reads from docs/deployment.md
- the environment block (every documented variable must get a value here, and nothing else is
  set but SSL_CERT_FILE, which the docs describe for a private CA),
- the set-up commands after "with that environment loaded",
- the ``ExecStart`` of the gunicorn, the worker and the jobs units (CI has no systemd),
- the nginx server block,
- the backup and restore commands,
and runs them against real servers: PostgreSQL (started by .ci/run, ``PRODUCTION_PG`` =
``host:port``), nginx (Debian) terminating TLS with a certificate of the test PKI, an SMTP server
with STARTTLS and AUTH (aiosmtpd), and the test PKI's TSA/OCSP/CRL server for the seal. Then the
checks in testsupport/production_checks/ run against https://localhost (headers, static files,
a sign-up through SMTP, a browser signing up and logging in through the proxy) and against the
restored copy (the demo's pages, downloads and sealed agreements).

    PRODUCTION_PG=127.0.0.1:55432 .venv/bin/python scripts/ci_production.py

Exit status 0 only when every documented step worked.
"""

import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from testsupport.pki import PKCS12_PASSWORD, issue_tls_certificate, start_pki  # noqa: E402

DOCS = REPO / "docs" / "deployment.md"
APP_DIR = "/srv/samenwerkwijzer/app"
PYTHON = str(REPO / ".venv" / "bin" / "python")
# What CI sets beyond the documented variables: the test CA, which the docs tell an operator of a
# private CA to name in SSL_CERT_FILE.
EXTRA_VARIABLES = {"SSL_CERT_FILE"}


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


# --- Reading the contract --------------------------------------------------------------------


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(), flags=re.S)


def documented_environment() -> dict[str, str]:
    """The KEY=VALUE lines of the environment block (the one with APP_PROFILE=production)."""
    block = next(b for b in blocks("sh") if "APP_PROFILE=production" in b)
    variables = {}
    for line in block.splitlines():
        line = line.split("  #")[0].split("\t#")[0].strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            variables[name.strip()] = value.strip()
    return variables


def documented_commands(marker: str) -> list[str]:
    """The command lines of the first sh block after ``marker`` (comments removed)."""
    text = DOCS.read_text()
    start = text.index(marker)
    block = re.search(r"```sh\n(.*?)```", text[start:], flags=re.S).group(1)
    joined = block.replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line and not line.startswith("#"):
            commands.append(line)
    return commands


def exec_start(unit: str) -> list[str]:
    """The ExecStart of the systemd unit ``unit`` as documented, made to run from this checkout."""
    text = DOCS.read_text()
    start = text.index(f"`/etc/systemd/system/{unit}`")
    block = re.search(r"```ini\n(.*?)```", text[start:], flags=re.S).group(1).replace("\\\n", " ")
    line = next(line for line in block.splitlines() if line.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart=").replace(APP_DIR, str(REPO)))


def nginx_server_block() -> str:
    return blocks("nginx")[0]


# --- Servers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped with exit code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not listen on port {port} within {timeout} s")


class Job:
    def __init__(self, work: Path):
        self.work = work
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], env: dict, port: int, cwd: Path = REPO) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 (open while the server runs)
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        try:
            wait_for_port(port, process, name)
        except SystemExit:
            print((self.work / f"{name}.log").read_text()[-3000:])
            raise
        return process

    def start_background(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        """A server without a port (the task worker): started, and still running a moment later."""
        log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 (open while the process runs)
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        time.sleep(2)
        if process.poll() is not None:
            print((self.work / f"{name}.log").read_text()[-3000:])
            raise SystemExit(f"{name} stopped with exit code {process.returncode}")
        return process

    def run(self, command: list[str] | str, env: dict, name: str) -> str:
        say(name)
        result = subprocess.run(
            command, cwd=REPO, env=env, capture_output=True, text=True, shell=isinstance(command, str)
        )
        if result.returncode != 0:
            print(result.stdout[-4000:], result.stderr[-4000:])
            raise SystemExit(f"Failed: {name} (exit code {result.returncode})")
        return result.stdout + result.stderr

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def nginx_config(work: Path, certificate: Path, key: Path, https_port: int) -> Path:
    server = nginx_server_block()
    server = server.replace("server_name samenwerkwijzer.example.nl;", "server_name localhost;")
    server = re.sub(r"listen 443 ", f"listen 127.0.0.1:{https_port} ", server)
    server = server.replace(
        "# ssl_certificate ... ; ssl_certificate_key ... ;",
        f"ssl_certificate {certificate}; ssl_certificate_key {key};",
    )
    if f"ssl_certificate {certificate};" not in server:
        raise SystemExit("The nginx block in docs/deployment.md has no '# ssl_certificate ... ;' line to fill in.")
    prefix = work / "nginx"
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = prefix / "nginx.conf"
    config.write_text(
        f"""{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{}}
http {{
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
{server}
}}
"""
    )
    return config


def seal_pkcs12(pki, folder: Path) -> Path:
    """The seal as an operator receives it: one PKCS#12 file with key, certificate and chain."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    key = serialization.load_pem_private_key(pki.key("seal").read_bytes(), password=None)
    certificate = x509.load_pem_x509_certificate(pki.cert("seal").read_bytes())
    chain = [x509.load_pem_x509_certificate(pki.cert("interm").read_bytes())]
    path = folder / "seal.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal", key, certificate, chain, serialization.BestAvailableEncryption(PKCS12_PASSWORD.encode())
        )
    )
    path.chmod(0o600)
    return path


# --- The job --------------------------------------------------------------------------------


def main() -> int:
    return run_job("production", run)


def run_job(name: str, body) -> int:
    """``body(job, work, pg_host, pg_port, pg_bin)`` in a fresh work folder; its servers stopped after."""
    pg = os.environ.get("PRODUCTION_PG", "127.0.0.1:55432")
    pg_host, pg_port = pg.split(":")
    pg_bin = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
    work = Path(tempfile.mkdtemp(prefix=f"samenwerkwijzer-{name}-"))
    job = Job(work)
    try:
        say(f"{name.capitalize()} job in {work}")
        return body(job, work, pg_host, pg_port, pg_bin)
    finally:
        job.stop()


def pki_and_certificates(job: Job, work: Path):
    """The test PKI (TSA, OCSP, CRLs) with TLS certificates for nginx and the SMTP server, and the
    folder for secrets: (pki, secrets_dir, (nginx_cert, nginx_key), (smtp_cert, smtp_key))."""
    pki = start_pki(work / "pki")
    job.processes.append(pki.process)
    secrets_dir = work / "secrets"
    secrets_dir.mkdir(mode=0o700)
    nginx = issue_tls_certificate(pki, "nginx", ("localhost", "127.0.0.1"))
    smtp = issue_tls_certificate(pki, "smtp", ("localhost",))
    return pki, secrets_dir, nginx, smtp


def run(job: Job, work: Path, pg_host: str, pg_port: str, pg_bin: Path) -> int:
    pki, secrets_dir, (nginx_cert, nginx_key), (smtp_cert, smtp_key) = pki_and_certificates(job, work)
    https_port = free_port()
    smtp_port = free_port()
    site = f"https://localhost:{https_port}"
    smtp_user, smtp_password = "samenwerkwijzer", secrets.token_urlsafe(16)
    database = "samenwerkwijzer_production"
    for name in (database, "samenwerkwijzer_restored"):
        subprocess.run(
            [pg_bin / "dropdb", "-h", pg_host, "-p", pg_port, "-U", "postgres", "--if-exists", name], check=True
        )
        subprocess.run([pg_bin / "createdb", "-h", pg_host, "-p", pg_port, "-U", "postgres", name], check=True)
    database_url = f"postgres://postgres@{pg_host}:{pg_port}/{database}"

    values = {
        "APP_PROFILE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "localhost",
        "CSRF_TRUSTED_ORIGINS": site,
        "SITE_URL": site,
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"smtp+tls://{smtp_user}:{smtp_password}@localhost:{smtp_port}",
        "DEFAULT_FROM_EMAIL": "Samenwerkwijzer <noreply@localhost>",
        "VAR_DIR": str(work / "var"),
        "AGREEMENT_SEAL_PKCS12": str(seal_pkcs12(pki, secrets_dir)),
        "AGREEMENT_SEAL_PKCS12_PASSWORD": PKCS12_PASSWORD,
        "AGREEMENT_SEAL_TRUST_ROOTS": str(pki.cert("root")),
        "AGREEMENT_SEAL_TSA_URL": pki.tsa_url,
        "SSL_CERT_FILE": str(pki.cert("root")),
    }
    documented = documented_environment()
    for name, value in documented.items():  # literal values (no <placeholder>, no example host) are used as written
        if name not in values and "<" not in value and "example." not in value and "/srv/" not in value:
            values[name] = value
    missing = set(documented) - set(values)
    undocumented = set(values) - set(documented) - EXTRA_VARIABLES
    if missing or undocumented:
        raise SystemExit(
            f"docs/deployment.md and the production job disagree: documented but not set here: {sorted(missing)}; "
            f"set here but not documented: {sorted(undocumented)}"
        )
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "APP_PROFILE"))}
    env = {**base_env, **values}

    say("SMTP server with STARTTLS")
    job.start(
        "smtp",
        [
            PYTHON,
            "-m",
            "testsupport.smtp",
            "--port",
            str(smtp_port),
            "--cert",
            str(smtp_cert),
            "--key",
            str(smtp_key),
            "--maildir",
            str(work / "mail"),
            "--user",
            smtp_user,
            "--password",
            smtp_password,
        ],
        env=base_env,
        port=smtp_port,
    )

    for command in documented_commands("Then, with that environment loaded"):
        argv = shlex.split(command)
        if argv[-1] == "createsuperuser":  # interactive in the docs; the same command without questions here
            argv += ["--no-input", "--email", "beheer@localhost"]
            output = job.run(argv, {**env, "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16)}, command)
        else:
            output = job.run(argv, env, command)
        if "check --deploy" in command and "System check identified no issues" not in output:
            print(output)
            raise SystemExit("check --deploy is not clean")

    say("Demo data (test data for the checks; never on a real production database)")
    job.run([PYTHON, "manage.py", "seed_demo"], env, "seed_demo")

    gunicorn = exec_start("samenwerkwijzer.service")
    app_port = int(re.search(r"127\.0\.0\.1:(\d+)", " ".join(gunicorn)).group(1))
    say(f"gunicorn as documented: {' '.join(gunicorn)}")
    job.start("gunicorn", gunicorn, env=env, port=app_port)

    say("nginx terminating TLS")
    config = nginx_config(work, nginx_cert, nginx_key, https_port)
    job.start("nginx", ["nginx", "-p", str(config.parent), "-c", str(config)], env=base_env, port=https_port)

    worker = exec_start("samenwerkwijzer-worker.service")
    say(f"Background worker as documented: {' '.join(worker)}")
    job.start_background("worker", worker, env=env)

    job.run(exec_start("samenwerkwijzer-jobs.service"), env, "Scheduled jobs (the jobs unit's ExecStart)")

    checks_env = {
        **base_env,
        "PRODUCTION_SITE": site,
        "PRODUCTION_MAILDIR": str(work / "mail"),
        "PRODUCTION_CA": str(pki.cert("root")),
        "PRODUCTION_WORK": str(work),
        "PRODUCTION_ENV_FILE": write_env_file(work / "production.env", env),
        "SSL_CERT_FILE": str(pki.cert("root")),
    }
    say("Checks through the proxy")
    checks = run_checks("check_production.py", checks_env)
    if os.environ.get("PRODUCTION_PAUSE"):  # for a person looking into a failure: the servers stay up
        say(f"Pausing {os.environ['PRODUCTION_PAUSE']} s: {site}")
        time.sleep(float(os.environ["PRODUCTION_PAUSE"]))
    if checks.returncode != 0:
        for name in ("gunicorn", "worker", "nginx", "smtp"):
            print(f"--- {name}.log ---\n" + (work / f"{name}.log").read_text()[-3000:])
        raise SystemExit("The checks through the proxy failed")

    backup_and_restore(job, work, env, base_env, pg_bin, pg_host, pg_port, checks_env)
    say("Production job passed")
    return 0


def backup_and_restore(job, work, env, base_env, pg_bin, pg_host, pg_port, checks_env) -> None:
    """The documented backup of the running installation, the documented restore into a fresh
    database and folders, and the app started on the restore (the same unit, behind the same nginx)."""
    secrets_dir = str(Path(env["AGREEMENT_SEAL_PKCS12"]).parent)
    tools = {**env, "PATH": f"{pg_bin}:{env.get('PATH', '')}", "BACKUP": str(work / "backup"), "SECRETS": secrets_dir}
    say("A user keeps uploading files while the backup runs")
    stop, count = work / "writer.stop", work / "writer.count"
    writer = subprocess.Popen(
        [PYTHON, "-m", "testsupport.production_checks.writer", str(stop), str(count)], cwd=REPO, env=checks_env
    )
    deadline = time.monotonic() + 60
    while not count.exists() and time.monotonic() < deadline and writer.poll() is None:
        time.sleep(0.2)  # the backup starts once the writer is really writing
    if not count.exists():
        raise SystemExit("The writer could not upload a file through the proxy")
    for command in documented_commands("To back up"):
        job.run(command, tools, f"backup: {command}")
    stop.write_text("stop")
    writer.wait(timeout=60)
    say(f"The writer's uploads during the backup: {count.read_text()}")
    restored = {
        **env,
        "DATABASE_URL": f"postgres://postgres@{pg_host}:{pg_port}/samenwerkwijzer_restored",
        "VAR_DIR": str(work / "restored" / "var"),
        "AGREEMENT_SEAL_PKCS12": str(work / "restored" / "secrets" / "seal.p12"),
    }
    restore_tools = {
        **restored,
        "PATH": tools["PATH"],
        "BACKUP": tools["BACKUP"],
        "SECRETS": str(work / "restored" / "secrets"),
    }
    for command in documented_commands("To restore"):
        job.run(command, restore_tools, f"restore: {command}")
    say("The app on the restore: the original gunicorn stopped, the documented unit started on the restored copy")
    original = next(p for p in job.processes if p.args == exec_start("samenwerkwijzer.service"))
    original.terminate()
    original.wait(timeout=15)
    gunicorn = exec_start("samenwerkwijzer.service")
    app_port = int(re.search(r"127\.0\.0\.1:(\d+)", " ".join(gunicorn)).group(1))
    job.start("gunicorn-restored", gunicorn, env=restored, port=app_port)
    say("Checks on the restored installation")
    checks = run_checks(
        "check_restore.py", {**checks_env, "RESTORED_ENV_FILE": write_env_file(work / "restored.env", restored)}
    )
    if checks.returncode != 0:
        print((work / "gunicorn-restored.log").read_text()[-3000:])
        raise SystemExit("The restored installation is not complete")


def run_checks(name: str, env: dict) -> subprocess.CompletedProcess:
    """Run the checks in testsupport/production_checks/NAME (check_*.py: outside the normal suite)."""
    return subprocess.run(
        [
            PYTHON,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",
            "-o",
            "python_files=check_*.py",
            f"testsupport/production_checks/{name}",
        ],
        cwd=REPO,
        env=env,
    )


def write_env_file(path: Path, env: dict) -> str:
    """The restored installation's variables, for the checks that run manage.py against it."""
    names = set(documented_environment()) | EXTRA_VARIABLES
    path.write_text("".join(f"{name}={env[name]}\n" for name in sorted(names) if name in env))
    return str(path)


if __name__ == "__main__":
    if not shutil.which("nginx"):
        raise SystemExit("nginx is not installed (Debian package nginx-light); .ci/run installs it.")
    sys.exit(main())
