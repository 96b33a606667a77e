# ruff: noqa: S603, S607 - this script exists to run the guide's commands
"""Run the command blocks of docs/deployment.md on this machine without changing the system.

Every absolute path of the guide is moved under a temporary folder, the database is a
throwaway one on a PostgreSQL server (default 127.0.0.1:5432, user postgres), gunicorn
listens on a loopback port (default 5104), nginx on a Unix socket, and `systemctl` is
stood in for by this script. Blocks marked `skip` in the guide, and cron commands of
features this build does not have, are reported with the reason.

    scripts/deployment_check.sh            # exit status 0 when every block worked
    KEEP=1 scripts/deployment_check.sh     # keep the temporary folder and databases
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent
GUIDE = SOURCE / "docs" / "deployment.md"
PORT = int(os.environ.get("LAMPPU_CHECK_PORT", "5104"))
PG = os.environ.get("LAMPPU_CHECK_PG", "postgresql://postgres@127.0.0.1:5432")
# A marker is one line; the fenced block must follow it directly.
MARKER = re.compile(r"<!-- check: (\w+)(?: ([^\n]*?))? -->[ \t]*\n```\w*\n(.*?)\n```", re.S)
FENCE = re.compile(r"^```\w+$", re.M)
# Never run these here, whatever the guide says: they change the machine itself.
FORBIDDEN = re.compile(r"\b(apt-get|apt|adduser|useradd|certbot|journalctl)\b|runuser -u postgres")
SECTION = re.compile(r"^## (.+)$", re.M)


class Check:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="lamppu-deploy-check."))
        stamp = f"{int(time.time())}_{os.getpid()}"
        self.databases = {"primary": f"lamppu_deploy_{stamp}", "restore": f"lamppu_deploy_{stamp}_restored"}
        self.profile = "primary"
        self.failures: list[str] = []
        self.skipped: list[str] = []
        self.shims = self.root / "shims"
        self.bin = self.root / "usr/local/bin"

    # --- the guide's paths and services, moved into the temporary folder ---------------------------

    def url(self, profile: str) -> str:
        return f"{PG.replace('postgresql://', 'postgresql+psycopg://', 1)}/{self.databases[profile]}"

    def rewrite(self, text: str) -> str:
        root = str(self.root)
        rules = {
            "postgresql+psycopg://lamppu@/lamppu?host=/var/run/postgresql": self.url("primary"),
            "runuser -u lamppu -- ": "",
            "-o lamppu -g lamppu ": "",
            "listen 80;": f"listen unix:{root}/nginx.sock;",
            "http://127.0.0.1/healthz": f"--unix-socket {root}/nginx.sock http://lamppu.example.fi/healthz",
            "127.0.0.1:8000": f"127.0.0.1:{PORT}",
            "127.0.0.1:8001": f"127.0.0.1:{PORT + 1}",  # "Several servers": the second server
        }
        for path in (
            "/srv/lamppu",
            "/etc/lamppu",
            "/var/lib/lamppu",
            "/var/backups/lamppu",
            "/usr/local/bin/lamppu",
            "/etc/systemd/system/",
            "/etc/nginx/",
            "/var/log/nginx/",
            "/etc/cron.d/",
        ):
            rules[path] = root + path
        pattern = re.compile("|".join(re.escape(k) for k in sorted(rules, key=len, reverse=True)))
        return pattern.sub(lambda m: rules[m.group(0)], text)

    def restore_bin(self) -> Path:
        """A second wrapper and settings file: the restore goes into a second, empty instance."""
        folder = self.root / "restore-bin"
        if not folder.exists():
            folder.mkdir()
            primary_env = self.root / "etc/lamppu/lamppu.env"
            text = primary_env.read_text().replace(self.url("primary"), self.url("restore"))
            text = text.replace(f"{self.root}/var/lib/lamppu", f"{self.root}/var/lib/lamppu-restored")
            (self.root / "etc/lamppu/restore.env").write_text(text)
            (self.root / "var/lib/lamppu-restored").mkdir(parents=True)
            wrapper = (self.bin / "lamppu").read_text()
            wrapper = wrapper.replace(str(primary_env), str(self.root / "etc/lamppu/restore.env"))
            wrapper = wrapper.replace(f"{self.root}/var/lib/lamppu", f"{self.root}/var/lib/lamppu-restored")
            (folder / "lamppu").write_text(wrapper)
            (folder / "lamppu").chmod(0o755)
        return folder

    def environment(self) -> dict:
        env = dict(os.environ)
        env.pop("LAMPPU_INSTANCE_PATH", None)
        env.pop("LAMPPU_DATABASE_URL", None)
        first = f"{self.restore_bin()}:" if self.profile == "restore" else ""
        env.update(
            PATH=f"{first}{self.shims}:{self.bin}:{env['PATH']}",
            LAMPPU_REPO=str(SOURCE),
            CHECK_ROOT=str(self.root),
            CHECK_PROFILE=self.profile,
            PIP_DISABLE_PIP_VERSION_CHECK="1",
        )
        return env

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(["psql", f"{PG}/{database}", "-Atqc", sql], capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def setup(self) -> None:
        for name in self.databases.values():
            self.psql(f'CREATE DATABASE "{name}"')
        self.shims.mkdir()
        self.bin.mkdir(parents=True)
        for name in ("systemctl", "nginx"):
            shim = self.shims / name
            shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).resolve()}" --shim {name} "$@"\n')
            shim.chmod(0o755)
        for folder in (
            "etc/nginx/sites-enabled",
            "etc/nginx/sites-available",
            "var/log/nginx",
            "etc/systemd/system",
            "etc/cron.d",
            "nginx",
        ):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        (self.root / "etc/nginx/sites-enabled/default").write_text("# the package's default site\n")

    def cleanup(self) -> None:
        for unit in UNITS:
            stop_service(self.root, unit)
        stop_nginx(self.root)
        if os.environ.get("KEEP"):
            print(f"kept {self.root} and databases {', '.join(self.databases.values())}")
            return
        for name in self.databases.values():
            self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(self.root, ignore_errors=True)

    # --- blocks --------------------------------------------------------------------------------------

    def without_missing_features(self, text: str) -> str:
        """Drop `lamppu <command>` lines whose command this build does not have, reporting each."""
        kept = []
        for line in text.splitlines():
            match = re.match(r"\s*lamppu (\w+)", line)
            if match and not self.feature_present(match.group(1)):
                message = f"`{line.strip()}`: feature not present in this build"
                print(f"  SKIP {message}")
                self.skipped.append(message)
                continue
            kept.append(line)
        return "\n".join(kept) + "\n"

    def run_block(self, text: str, stdin: str | None = None, label: str = "", rewrite: bool = True) -> bool:
        text = self.without_missing_features(text)
        print(f"  $ {text.strip().splitlines()[0]}{' ...' if len(text.strip().splitlines()) > 1 else ''}")
        if FORBIDDEN.search(text):
            print("    refused: this command changes the machine; mark the block `skip` in the guide")
            self.failures.append(f"{label}: a run block holds a system command")
            return False
        script = self.rewrite(text) if rewrite else text
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            env=self.environment(),
            input=(stdin + "\n") if stdin else None,
            text=True,
            capture_output=True,
            timeout=900,
            stdin=None if stdin else subprocess.DEVNULL,
        )
        output = (result.stdout + result.stderr).strip()
        if output:
            print("    " + "\n    ".join(output.splitlines()[-15:]))
        if result.returncode != 0:
            self.failures.append(f"{label}: exit {result.returncode}")
            return False
        return True

    def write_file(self, path: str, text: str, label: str) -> None:
        target = Path(self.rewrite(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.rewrite(text), encoding="utf-8")
        print(f"  wrote {path}")
        if path.endswith(".service"):
            self.verify_unit(target, label)
        if path.startswith("/etc/cron.d/"):
            self.run_cron(target, label)

    def verify_unit(self, unit: Path, label: str) -> None:
        result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
        problems = [
            line
            for line in result.stderr.splitlines()
            if "lamppu" in line and not re.search(r"Failed to resolve (user|group)", line)
        ]
        if problems:
            print("    systemd-analyze: " + "\n    ".join(problems))
            self.failures.append(f"{label}: systemd-analyze verify")
        else:
            print("    systemd-analyze verify: ok (user lamppu does not exist here)")

    def feature_present(self, subcommand: str) -> bool:
        result = subprocess.run(
            ["bash", "-c", f"lamppu {subcommand} --help"], env=self.environment(), capture_output=True, text=True
        )
        return result.returncode == 0

    def run_cron(self, crontab: Path, label: str) -> None:
        for line in crontab.read_text().splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split(None, 6)
            command = fields[6].replace("\\%", "%")
            match = re.search(r"/bin/lamppu (\w+(?: \w+)?)", command)
            if match and not self.feature_present(match.group(1)):
                message = f"cron `lamppu {match.group(1)}`: feature not present in this build"
                print(f"  SKIP {message}")
                self.skipped.append(message)
                continue
            print(f"  cron ({fields[5]}): {command[:100]}")
            # cron pipes into logger, which hides the exit status: run the command itself as well.
            plain = command.split(" 2>&1 | logger")[0]
            self.run_block(plain, label=f"{label}: {plain[:60]}", rewrite=False)

    def after_restore(self) -> None:
        primary = self.psql('SELECT count(*) FROM "user"', self.databases["primary"])
        restored = self.psql('SELECT count(*) FROM "user"', self.databases["restore"])
        print(f"    users in the original {primary}, in the restored database {restored}")
        if primary != restored:
            self.failures.append("restore: user counts differ")

    @staticmethod
    def blocks(guide: str) -> list:
        """The marked blocks; refuses a guide with a fenced block that has no marker."""
        blocks = list(MARKER.finditer(guide))
        if len(blocks) != len(FENCE.findall(guide)) or len(blocks) != guide.count("<!-- check:"):
            raise SystemExit(
                "docs/deployment.md: every fenced block needs exactly one `<!-- check: ... -->` line "
                f"right above it ({len(blocks)} markers matched, {len(FENCE.findall(guide))} blocks)"
            )
        return blocks

    def run(self) -> int:
        guide = GUIDE.read_text(encoding="utf-8")
        sections = [(m.start(), m.group(1)) for m in SECTION.finditer(guide)]
        blocks = self.blocks(guide)
        if "--list" in sys.argv:
            for match in blocks:
                print(f"{match.group(1)} {match.group(2) or ''}: {match.group(3).splitlines()[0]}")
            return 0
        self.setup()
        try:
            for match in blocks:
                kind, argument, body = match.group(1), match.group(2) or "", match.group(3)
                title = [t for pos, t in sections if pos < match.start()][-1] if sections else "?"
                print(f"[{title}] {kind} {argument}".rstrip())
                if kind == "skip":
                    print(f"  SKIP {argument}")
                    self.skipped.append(f"{title}: {argument}")
                elif kind == "file":
                    self.write_file(argument, body, title)
                elif kind == "run" and argument == "restore":
                    self.profile = "restore"
                    if self.run_block(body, label=title):
                        self.after_restore()
                    self.profile = "primary"
                elif kind == "run":
                    stdin = argument[len("stdin=") :] if argument.startswith("stdin=") else None
                    self.run_block(body, stdin=stdin, label=title)
                else:
                    self.failures.append(f"{title}: unknown check marker {kind!r}")
        finally:
            self.cleanup()
        print(f"\n{len(self.skipped)} skipped:")
        for item in self.skipped:
            print(f"  - {item}")
        if self.failures:
            print(f"{len(self.failures)} FAILED:")
            for item in self.failures:
                print(f"  - {item}")
            return 1
        print("deployment guide check: all run blocks passed")
        return 0


# --- stand-ins for systemctl and nginx -----------------------------------------------------------------


UNITS = ("lamppu", "lamppu-b")  # the service, and the second server of "Several servers"


def _pidfile(root: Path, name: str) -> Path:
    return root / f"{name}.pid"


def _read_env_file(path: Path) -> dict:
    env = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip()
    return env


def _service_pidfile(root: Path, unit: str) -> Path:
    return _pidfile(root, "gunicorn" if unit == "lamppu" else f"gunicorn-{unit}")


def start_service(root: Path, profile: str, unit_name: str = "lamppu") -> None:
    unit = (root / f"etc/systemd/system/{unit_name}.service").read_text()
    settings = dict(re.findall(r"^(\w+)=(.*)$", unit, re.M))
    env = dict(os.environ)
    for env_file in re.findall(r"^EnvironmentFile=(.*)$", unit, re.M):  # later files override earlier ones
        env.update(_read_env_file(Path(env_file)))
    if profile == "restore":
        env["LAMPPU_INSTANCE_PATH"] = str(root / "var/lib/lamppu-restored")
        env["LAMPPU_DATABASE_URL"] = (
            env["LAMPPU_DATABASE_URL"].rsplit("/", 1)[0] + "/" + _database_names(root)["restore"]
        )
    log = (root / f"{_service_pidfile(root, unit_name).stem}.log").open("a")
    process = subprocess.Popen(
        shlex.split(settings["ExecStart"]),
        cwd=settings["WorkingDirectory"],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    _service_pidfile(root, unit_name).write_text(str(process.pid))
    port = re.search(r"--bind 127\.0\.0\.1:(\d+)", settings["ExecStart"]).group(1)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}; see {log.name}") from None
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within 20 s")


def _database_names(root: Path) -> dict:
    return json.loads((root / "databases.json").read_text())


def stop_service(root: Path, unit: str = "lamppu") -> None:
    pidfile = _service_pidfile(root, unit)
    if pidfile.exists():
        pid = int(pidfile.read_text())
        try:
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.1)
        except ProcessLookupError:
            pass
        pidfile.unlink()


def _nginx_main_conf(root: Path) -> Path:
    conf = root / "nginx/nginx.conf"
    conf.write_text(
        f"pid {root}/nginx/nginx.pid;\nerror_log {root}/var/log/nginx/error.log;\nevents {{}}\n"
        f"http {{\n  client_body_temp_path {root}/nginx/body;\n  proxy_temp_path {root}/nginx/proxy;\n"
        f"  fastcgi_temp_path {root}/nginx/fastcgi;\n  uwsgi_temp_path {root}/nginx/uwsgi;\n"
        f"  scgi_temp_path {root}/nginx/scgi;\n  access_log off;\n"
        f"  include {root}/etc/nginx/sites-enabled/*;\n}}\n"
    )
    return conf


def stop_nginx(root: Path) -> None:
    pidfile = root / "nginx/nginx.pid"
    if pidfile.exists():
        subprocess.run(
            ["/usr/sbin/nginx", "-c", str(_nginx_main_conf(root)), "-p", str(root / "nginx"), "-s", "quit"],
            capture_output=True,
        )
        time.sleep(0.5)


def shim(name: str, args: list[str]) -> int:
    root, profile = Path(os.environ["CHECK_ROOT"]), os.environ.get("CHECK_PROFILE", "primary")
    if name == "nginx":
        return subprocess.run(
            ["/usr/sbin/nginx", "-c", str(_nginx_main_conf(root)), "-p", str(root / "nginx"), *args]
        ).returncode
    action, unit = (args + ["", ""])[:2] if args[:1] != ["enable"] else ("start", args[-1])
    if action == "daemon-reload":
        return 0
    if unit == "nginx" and action in ("reload", "start", "restart"):
        stop_nginx(root)
        command = ["/usr/sbin/nginx", "-c", str(_nginx_main_conf(root)), "-p", str(root / "nginx")]
        return subprocess.run(command).returncode
    if unit in UNITS:
        if action in ("stop", "restart"):
            stop_service(root, unit)
        if action in ("start", "restart"):
            start_service(root, profile, unit)
        return 0
    print(f"systemctl stand-in: {' '.join(args)} is not handled", file=sys.stderr)
    return 1


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--shim":
        return shim(sys.argv[2], sys.argv[3:])
    if "--list" in sys.argv:
        return Check.run(Check.__new__(Check))
    check = Check()
    (check.root / "databases.json").write_text(json.dumps(check.databases))
    return check.run()


if __name__ == "__main__":
    sys.exit(main())
