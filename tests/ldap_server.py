"""A real OpenLDAP slapd (Debian's `slapd`) on a free loopback port with a temporary mdb database.

`start_slapd(folder)` writes a slapd.conf, loads a handful of people and groups and returns a
`Directory` that tests use to add, change and remove entries with the real ldap-utils tools.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SUFFIX = "dc=example,dc=org"
ROOT_DN, ROOT_PASSWORD = f"cn=admin,{SUFFIX}", "root-secret"
SERVICE_DN, SERVICE_PASSWORD = f"cn=lamppu,ou=services,{SUFFIX}", "service-secret"
PEOPLE, GROUPS = f"ou=people,{SUFFIX}", f"ou=groups,{SUFFIX}"
QUALITY_GROUP, AUTHORS_GROUP = f"cn=laatu,{GROUPS}", f"cn=kirjoittajat,{GROUPS}"
ADMIN_GROUP, UNIT_GROUP = f"cn=lamppu-admins,{GROUPS}", f"cn=kasvatus,{GROUPS}"

SLAPD_CONF = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
pidfile {folder}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {folder}/db
overlay ppolicy
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by * none
"""


def slapd_available() -> bool:
    return bool(shutil.which("slapd") or Path("/usr/sbin/slapd").exists()) and bool(shutil.which("ldapadd"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def person_ldif(uid: str, name: str, password: str, mail: str | None = None) -> str:
    given, _, family = name.partition(" ")
    lines = [
        f"dn: uid={uid},{PEOPLE}",
        "objectClass: inetOrgPerson",
        f"uid: {uid}",
        f"cn: {name}",
        f"givenName: {given}",
        f"sn: {family or given}",
        f"userPassword: {password}",
    ]
    if mail:
        lines.append(f"mail: {mail}")
    return "\n".join(lines) + "\n"


def group_ldif(dn: str, members: list[str]) -> str:
    cn = dn.split(",", 1)[0].split("=", 1)[1]
    return "\n".join([f"dn: {dn}", "objectClass: groupOfNames", f"cn: {cn}", *(f"member: {m}" for m in members)]) + "\n"


@dataclass
class Directory:
    url: str
    folder: Path
    process: subprocess.Popen

    def _tool(self, tool: str, ldif: str | None = None, *args: str) -> None:
        command = [tool, "-x", "-H", self.url, "-D", ROOT_DN, "-w", ROOT_PASSWORD, *args]
        subprocess.run(command, input=ldif, text=True, check=True, capture_output=True, timeout=20)

    def add(self, ldif: str) -> None:
        self._tool("ldapadd", ldif)

    def modify(self, ldif: str) -> None:
        self._tool("ldapmodify", ldif)

    def delete(self, dn: str) -> None:
        self._tool("ldapdelete", None, dn)

    def add_person(self, uid: str, name: str, password: str, mail: str | None, groups=()) -> str:
        dn = f"uid={uid},{PEOPLE}"
        self.add(person_ldif(uid, name, password, mail))
        for group in groups:
            self.join(dn, group)
        return dn

    def join(self, dn: str, group: str) -> None:
        self.modify(f"dn: {group}\nchangetype: modify\nadd: member\nmember: {dn}\n")

    def leave(self, dn: str, group: str) -> None:
        self.modify(f"dn: {group}\nchangetype: modify\ndelete: member\nmember: {dn}\n")

    def lock(self, dn: str) -> None:
        """Lock the account the way OpenLDAP's password policy does (pwdAccountLockedTime)."""
        self.modify(f"dn: {dn}\nchangetype: modify\nadd: pwdAccountLockedTime\npwdAccountLockedTime: 000001010000Z\n")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stderr is not None:
            self.process.stderr.close()


def start_slapd(folder: Path) -> Directory:
    (folder / "db").mkdir(parents=True)
    conf = folder / "slapd.conf"
    conf.write_text(
        SLAPD_CONF.format(folder=folder, suffix=SUFFIX, root_dn=ROOT_DN, root_password=ROOT_PASSWORD), encoding="utf-8"
    )
    port = free_port()
    url = f"ldap://127.0.0.1:{port}"
    slapd = shutil.which("slapd") or "/usr/sbin/slapd"
    # -d 0: stay in the foreground (so the fixture owns the process) and log nothing.
    process = subprocess.Popen(
        [slapd, "-d", "0", "-h", f"{url}/", "-f", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    directory = Directory(url=url, folder=folder, process=process)
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"slapd exited: {process.stderr.read().decode(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline:
                directory.stop()
                raise RuntimeError("slapd did not start listening") from None
            time.sleep(0.1)
    people = [
        ("maija", "Maija Meikäläinen", "maijan-salasana", "maija@example.org"),
        ("olli", "Olli Opettaja", "ollin-salasana", "olli@example.org"),
        ("ville", "Ville Vieras", "villen-salasana", "ville@example.org"),
    ]
    base = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups\n",
        f"dn: ou=services,{SUFFIX}\nobjectClass: organizationalUnit\nou: services\n",
        f"dn: {SERVICE_DN}\nobjectClass: person\ncn: lamppu\nsn: lamppu\nuserPassword: {SERVICE_PASSWORD}\n",
        *(person_ldif(*p) for p in people),
        group_ldif(QUALITY_GROUP, [f"uid=maija,{PEOPLE}"]),
        group_ldif(UNIT_GROUP, [f"uid=maija,{PEOPLE}"]),
        group_ldif(AUTHORS_GROUP, [f"uid=olli,{PEOPLE}"]),
        group_ldif(ADMIN_GROUP, [SERVICE_DN]),
    ]
    directory.add("\n".join(base))
    return directory


def lamppu_settings(directory: Directory) -> dict:
    """The Lamppu configuration that signs in against `directory`."""
    return {
        "LDAP_URL": directory.url,
        "LDAP_BIND_DN": SERVICE_DN,
        "LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
        "LDAP_USER_BASE": PEOPLE,
        "LDAP_GROUP_BASE": GROUPS,
        "LDAP_ROLE_GROUPS": {
            QUALITY_GROUP: ["quality_owner", "author"],
            AUTHORS_GROUP: "author",
            ADMIN_GROUP: ["admin"],
        },
        "LDAP_UNIT_GROUPS": {UNIT_GROUP: ["KAS"]},
        "LDAP_TIMEOUT": 2,
    }
