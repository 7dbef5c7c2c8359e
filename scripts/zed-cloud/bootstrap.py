#!/usr/bin/python3
"""Bootstrap of the Zed cloud through the public APIs, idempotent (find, then create).

  bootstrap.py identity       projects, users, role assignments, services and endpoints
  bootstrap.py wait-compute   wait until nova's services report in after (re)start
  bootstrap.py wait-volume    wait until cinder-volume reports in after (re)start
  bootstrap.py resources      flavors, images (qcow2 data), the volume type, the demo key pair

One Python process with plain REST calls: the same work as ~45 `openstack` commands costs
about a minute more, each command paying for its own imports and token.
The names, ids and sizes mirror lib/localcloud/state/seed.ts so that one test can run on both clouds.
Passwords come from the environment (ADMIN_PASS, DEMO_PASS, ALT_PASS, SERVICE_PASS).
"""
import datetime
import hashlib
import os
import subprocess
import sys
import tempfile
import time

import requests

IP = "127.0.0.1"
KS = "http://%s:5000/v3" % IP
REGION = "RegionOne"
# The second region has an image service only (glance2 of `up`): where Copy to region copies to
REGION2 = "RegionTwo"
CATALOG2 = (("image", "http://%s:9293" % IP),)  # type, url: services of CATALOG in REGION2
ENV = os.environ
MiB = 1024 * 1024

# service users of the other services, all admin in project "service"
SERVICE_USERS = ("glance", "nova", "placement", "cinder", "mistral")
# ...and these also have the role "service", which makes their token a service token: Cinder
# accepts Nova's attachment deletes only with one (OSSA-2023-003; nova.conf [service_user])
SERVICE_ROLE_USERS = ("nova", "cinder")
VOLUME_URL = "http://%s:8776/v3/%%(project_id)s" % IP
CATALOG = (  # name, type, description, url (the same for public, internal and admin)
    ("glance", "image", "OpenStack Image", "http://%s:9292" % IP),
    ("nova", "compute", "OpenStack Compute", "http://%s:8774/v2.1" % IP),
    ("placement", "placement", "Placement API", "http://%s:8778" % IP),
    # Cinder under both types: block-storage is the current one, volumev3 what Nova
    # (catalog_info), the openstack client and older SDKs look for
    ("cinder", "block-storage", "OpenStack Block Storage", VOLUME_URL),
    ("cinderv3", "volumev3", "OpenStack Block Storage v3", VOLUME_URL),
    ("mistral", "workflowv2", "Workflow Service", "http://%s:8989/v2" % IP),
)
# the one backend of cinder.conf, as the default volume type (cinder.conf default_volume_type)
VOLUME_TYPE = ("fake", {"volume_backend_name": "fake"})
PROJECTS = (  # name, description (as in the local cloud's seed)
    ("service", "Service Project"),
    ("demo", "Demo project"),
    ("alt-demo", "Another project of the demo user"),
)
USERS = (  # name, password variable, projects where it is a member
    ("demo", "DEMO_PASS", ("demo", "alt-demo")),
    ("alt", "ALT_PASS", ("alt-demo",)),
)
# OVHcloud-like flavors of the local cloud's seed, same ids (Nova accepts string flavor ids)
FLAVORS = (  # id/name, vcpus, ram MB, disk GB
    ("s1-2", 1, 2000, 10),
    ("d2-2", 1, 2000, 25),
    ("d2-4", 2, 4000, 50),
    ("b2-7", 2, 7000, 50),
)


def seed_uuid(n):
    # the local cloud's seeded image ids: a0000001-0000-4000-8000-<n>
    return "a0000001-0000-4000-8000-%012d" % n


IMAGES = (
    dict(id=seed_uuid(1), name="Debian 12", project="admin", visibility="public", min_disk=2, size=8 * MiB,
         props=dict(os_distro="debian", os_version="12", os_type="linux", hw_disk_bus="scsi",
                    hw_scsi_model="virtio-scsi")),
    dict(id=seed_uuid(3), name="debian12-agent-template", project="demo", min_disk=10, size=6 * MiB,
         props=dict(os_distro="debian", os_version="12", hw_qemu_guest_agent="yes",
                    description="Debian 12 with qemu-guest-agent installed and enabled")),
    dict(id=seed_uuid(6), name="alt-demo-private-image", project="alt-demo", size=2 * MiB,
         props=dict(os_distro="debian")),
    dict(id=seed_uuid(8), name="golden-image-protected", project="demo", protected=True, min_disk=5,
         size=3 * MiB, props=dict(os_distro="debian")),
)
DEMO_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBMd4xoFqJbwl5rAbtDV2Y0S0LzvdeIkRbh+bVmQkq9B "
            "demo@laptop")


class Api:
    """A project-scoped token and the endpoints of its catalog."""

    def __init__(self, user, password, project):
        body = {"auth": {
            "identity": {"methods": ["password"], "password": {
                "user": {"name": user, "domain": {"id": "default"}, "password": password}}},
            "scope": {"project": {"name": project, "domain": {"id": "default"}}}}}
        r = requests.post(KS + "/auth/tokens", json=body, timeout=30)
        check(r, "sign in as %s in project %s" % (user, project))
        self.headers = {"X-Auth-Token": r.headers["X-Subject-Token"]}
        token = r.json()["token"]
        self.project_id = token["project"]["id"]
        # RegionOne's: the image service is in RegionTwo too
        self.urls = {s["type"]: e["url"].rstrip("/") for s in token.get("catalog", [])
                     for e in s["endpoints"] if e["interface"] == "public" and e["region_id"] == REGION}

    def call(self, method, service, path, expect, **kw):
        base = KS if service == "identity" else self.urls[service]
        if service == "image":
            base += "/v2"
        headers = dict(self.headers, **kw.pop("headers", {}))
        r = requests.request(method, base + path, headers=headers, timeout=60, **kw)
        if r.status_code not in expect:
            check(r, "%s %s%s" % (method, base, path))
        return r


def check(r, what):
    if not r.ok:
        sys.exit("bootstrap: %s: HTTP %d %s" % (what, r.status_code, r.text[:500]))


def created(kind, name):
    print("  created %s %s" % (kind, name))


# ---- identity ---------------------------------------------------------------------------------
def identity():
    api = Api("admin", ENV["ADMIN_PASS"], "admin")

    def find(coll, **q):
        items = api.call("GET", "identity", "/" + coll, (200,), params=q).json()[coll]
        return items[0] if items else None

    def ensure(coll, body, **q):
        found = find(coll, **q)
        if found:
            return found
        key = coll[:-1]
        r = api.call("POST", "identity", "/" + coll, (201,), json={key: body})
        created(key, body.get("name") or body.get("url"))
        return r.json()[key]

    def grant(project, user, role):
        api.call("PUT", "identity", "/projects/%s/users/%s/roles/%s" % (project["id"], user["id"], role["id"]),
                 (204,))

    projects = {name: ensure("projects", {"name": name, "domain_id": "default", "description": desc},
                             name=name, domain_id="default")
                for name, desc in PROJECTS}
    # keystone-manage bootstrap made admin, member and reader (admin implies member implies reader)
    admin_role, member = find("roles", name="admin"), find("roles", name="member")
    # passwords are set at creation only: changing one would revoke the user's live tokens
    for name, pass_var, member_of in USERS:
        user = ensure("users", {"name": name, "domain_id": "default", "password": ENV[pass_var]},
                      name=name, domain_id="default")
        for project in member_of:
            grant(projects[project], user, member)
    service_role = ensure("roles", {"name": "service"}, name="service")
    for name in SERVICE_USERS:
        user = ensure("users", {"name": name, "domain_id": "default", "password": ENV["SERVICE_PASS"]},
                      name=name, domain_id="default")
        grant(projects["service"], user, admin_role)
        if name in SERVICE_ROLE_USERS:
            grant(projects["service"], user, service_role)
    def endpoints(service, region, url):
        # found by region too: the image service has endpoints in both regions
        for interface in ("public", "internal", "admin"):
            endpoint = ensure("endpoints", {"service_id": service["id"], "interface": interface, "url": url,
                                            "region_id": region},
                              service_id=service["id"], interface=interface, region_id=region)
            if endpoint["url"] != url:
                api.call("PATCH", "identity", "/endpoints/" + endpoint["id"], (200,), json={"endpoint": {"url": url}})
                print("  updated %s %s endpoint in %s to %s" % (service["name"], interface, region, url))

    services = {}
    for name, typ, desc, url in CATALOG:
        services[typ] = ensure("services", {"name": name, "type": typ, "description": desc}, type=typ)
        endpoints(services[typ], REGION, url)
    if api.call("GET", "identity", "/regions/" + REGION2, (200, 404)).status_code == 404:
        api.call("POST", "identity", "/regions", (201,), json={"region": {"id": REGION2}})
        created("region", REGION2)
    for typ, url in CATALOG2:
        endpoints(services[typ], REGION2, url)


# ---- wait-compute, wait-volume ---------------------------------------------------------------
def wait_services(service, hosts, binaries, since, timeout, logs):
    """Wait until each of `binaries` is up on one of `hosts` in `service`'s /os-services with a
    heartbeat newer than `since` (epoch seconds; 0 = any)."""
    since_dt = datetime.datetime.fromtimestamp(since, datetime.timezone.utc).replace(tzinfo=None)
    api = Api("admin", ENV["ADMIN_PASS"], "admin")
    deadline = time.monotonic() + timeout
    while True:
        services = api.call("GET", service, "/os-services", (200,)).json()["services"]
        fresh = {s["binary"] for s in services if s["host"] in hosts and s["state"] == "up"
                 and s["updated_at"] and datetime.datetime.fromisoformat(s["updated_at"]) >= since_dt}
        missing = set(binaries) - fresh
        if not missing:
            return
        if time.monotonic() > deadline:
            sys.exit("bootstrap: after %ds still waiting for %s on %s to report in (see %s)"
                     % (timeout, ", ".join(sorted(missing)), "/".join(hosts), logs))
        time.sleep(1)


def wait_compute(host, since, timeout):
    """Wait for conductor, scheduler and compute on `host`. nova-compute's first heartbeat
    follows its compute node record, which `nova-manage cell_v2 discover_hosts` needs.

    After a restart the heartbeat of the previous nova-compute may still count as "up" while the
    new one is in init_host, or be >60 s old and show "down" until it reports in."""
    wait_services("compute", (host,), ("nova-conductor", "nova-scheduler", "nova-compute"), since, timeout,
                  "/var/log/nova/")


def wait_volume(host, since, timeout):
    """Wait for cinder-volume on `host` (HOST@BACKEND) and cinder-scheduler on HOST: until both
    report in, the scheduler places no volume ("No valid backend was found")."""
    wait_services("block-storage", (host, host.split("@")[0]), ("cinder-scheduler", "cinder-volume"), since,
                  timeout, "/var/log/cinder/")


# ---- resources --------------------------------------------------------------------------------
def resources():
    admin = Api("admin", ENV["ADMIN_PASS"], "admin")
    demo = Api("demo", ENV["DEMO_PASS"], "demo")
    for flavor_id, vcpus, ram, disk in FLAVORS:
        if admin.call("GET", "compute", "/flavors/" + flavor_id, (200, 404)).status_code == 404:
            admin.call("POST", "compute", "/flavors", (200,), json={"flavor": {
                "id": flavor_id, "name": flavor_id, "vcpus": vcpus, "ram": ram, "disk": disk}})
            created("flavor", flavor_id)
    project_ids = {"admin": admin.project_id, "demo": demo.project_id,
                   "alt-demo": Api("alt", ENV["ALT_PASS"], "alt-demo").project_id}
    for spec in IMAGES:
        ensure_image(admin, spec, project_ids[spec["project"]])
    ensure_volume_type(admin)
    if demo.call("GET", "compute", "/os-keypairs/demo-key", (200, 404)).status_code == 404:
        demo.call("POST", "compute", "/os-keypairs", (200,),
                  json={"keypair": {"name": "demo-key", "public_key": DEMO_KEY}})
        created("keypair", "demo-key (user demo)")


def ensure_volume_type(admin):
    name, extra_specs = VOLUME_TYPE
    types = admin.call("GET", "block-storage", "/types", (200,)).json()["volume_types"]
    if not any(t["name"] == name for t in types):
        admin.call("POST", "block-storage", "/types", (200,), json={"volume_type": {
            "name": name, "os-volume-type-access:is_public": True, "extra_specs": extra_specs,
            "description": "the fake backend (FakeLoggingVolumeDriver)"}})
        created("volume type", name)


def image_data(spec):
    """A real qcow2 (an empty disk of 1 GiB), zero-padded to the seed's size: Cinder runs
    qemu-img info and convert on the data of an image it makes a volume of, and refuses bytes
    that are not the image's disk_format. Fixed bytes, so the checksum is stable."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "disk.qcow2")
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", path, "1G"], check=True)
        with open(path, "rb") as f:
            data = f.read()
    if len(data) > spec["size"]:
        sys.exit("bootstrap: the qcow2 of %s is larger (%d bytes) than its seeded size" % (spec["name"], len(data)))
    return data + bytes(spec["size"] - len(data))


def ensure_image(admin, spec, owner):
    image = find_image(admin, spec, owner)
    data = image_data(spec)
    if image is not None and image["status"] == "active" and image["checksum"] != hashlib.md5(data).hexdigest():
        # data of an older bootstrap (not a qcow2): a new image in its place (Glance will not
        # reuse the id; the tests find seeded images by name)
        if image["protected"]:
            admin.call("PATCH", "image", "/images/" + image["id"], (200,), json=[
                {"op": "replace", "path": "/protected", "value": False}],
                headers={"Content-Type": "application/openstack-images-v2.1-json-patch"})
        admin.call("DELETE", "image", "/images/" + image["id"], (204,))
        print("  deleted image %s (%s): its data was not a qcow2" % (spec["name"], image["id"]))
        image = None
    if image is None:
        body = {"name": spec["name"], "disk_format": "qcow2", "container_format": "bare", "owner": owner,
                "visibility": spec.get("visibility", "private"), "min_disk": spec.get("min_disk", 0),
                "protected": spec.get("protected", False), **spec["props"]}
        r = admin.call("POST", "image", "/images", (201, 409), json=dict(body, id=spec["id"]))
        if r.status_code == 409:
            # Glance never reuses the id of a deleted image: take a new one
            r = admin.call("POST", "image", "/images", (201,), json=body)
        image = r.json()
        created("image", "%s (%s)" % (spec["name"], image["id"]))
    if image["status"] == "queued":
        admin.call("PUT", "image", "/images/%s/file" % image["id"], (204,), data=data,
                   headers={"Content-Type": "application/octet-stream"})
        print("  uploaded %d MiB to image %s" % (spec["size"] // MiB, spec["name"]))
    elif image["status"] != "active":
        print("  WARNING: image %s is %s" % (spec["name"], image["status"]))


def find_image(admin, spec, owner):
    r = admin.call("GET", "image", "/images/" + spec["id"], (200, 404))
    if r.status_code == 200:
        return r.json()
    found = admin.call("GET", "image", "/images", (200,), params={"name": spec["name"], "owner": owner}).json()["images"]
    return found[0] if found else None


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "identity":
        identity()
    elif command == "resources":
        resources()
    elif command == "wait-compute" and len(argv) == 5:
        wait_compute(argv[2], float(argv[3]), int(argv[4]))
    elif command == "wait-volume" and len(argv) == 5:
        wait_volume(argv[2], float(argv[3]), int(argv[4]))
    else:
        sys.exit("usage: bootstrap.py identity | resources | wait-compute HOST SINCE_EPOCH TIMEOUT_S"
                 " | wait-volume HOST@BACKEND SINCE_EPOCH TIMEOUT_S")


if __name__ == "__main__":
    main(sys.argv)
