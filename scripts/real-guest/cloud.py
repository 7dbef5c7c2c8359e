#!/usr/bin/python3
"""The real-guest tier's calls to the Zed cloud, idempotent (find, then create), as admin.

  cloud.py wait-compute HOST SINCE TIMEOUT   nova-compute on HOST reported in after SINCE (epoch s)
  cloud.py hold HOST NAME                     disable HOST's nova-compute unless it is in aggregate NAME
  cloud.py aggregate HOST NAME ZONE           HOST in aggregate NAME of availability zone ZONE,
                                              in Nova and in Placement; HOST enabled if held
  cloud.py resources GUEST_DIR BUILD_ID       the guest's public images and the flavor real-1
  cloud.py delete-servers HOST TIMEOUT        delete every server of HOST (all projects), wait

Plain REST through bootstrap.py's Api (a token and its catalog), like the Zed cloud's bootstrap.
Passwords come from the environment (ADMIN_PASS), as for bootstrap.py.
"""
import hashlib
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.join(HERE, "..", "zed-cloud"))
import bootstrap  # noqa: E402  (the Zed cloud's: Api, check, wait_services)
from bootstrap import Api, ENV  # noqa: E402

COMMAND_LINE = "root=/dev/vda rw console=ttyS0"
# 1 vCPU (a TCG guest boots on one host core; the machine has two), 512 MiB (a minimal Debian
# uses about 60; QEMU's RSS is several hundred MiB more, mostly TCG's translation cache), 2 GiB
# of disk (the image's file system is 1 GiB)
FLAVOR = dict(id="real-1", name="real-1", vcpus=1, ram=512, disk=2)
COMMON = dict(os_distro="debian", os_version="12", os_type="linux")
# name, file, disk/container format, properties (root disks get kernel_id, ramdisk_id, the command line)
KERNEL = ("snapdeck-guest-kernel", "vmlinuz", "aki", {})
RAMDISK = ("snapdeck-guest-ramdisk", "initrd.img", "ari", {})
ROOTS = (
    ("snapdeck-guest-agent", dict(hw_qemu_guest_agent="yes",
                                  description="Debian 12 with qemu-guest-agent and an fsfreeze hook"
                                              " (scripts/real-guest)")),
    ("snapdeck-guest-quiesce", dict(hw_qemu_guest_agent="yes", os_require_quiesce="yes",
                                    description="Debian 12 with qemu-guest-agent and an fsfreeze hook;"
                                                " snapshots must quiesce (scripts/real-guest)")),
    ("snapdeck-guest-plain", dict(description="Debian 12 with qemu-guest-agent, but Nova is not told"
                                              " (no hw_qemu_guest_agent): no agent channel (scripts/real-guest)")),
    # A snapshot that fails, every time: Zed's libvirt driver enforces os_require_quiesce only by
    # checking that the image enables the agent (_can_quiesce); a freeze that fails (an agent
    # stopped or hung, snapdeck-guest-quiesce with stop-agent) is logged and the snapshot is
    # taken unquiesced (docs/real-guest.md, case b)
    ("snapdeck-guest-quiesce-noagent", dict(os_require_quiesce="yes",
                                            description="os_require_quiesce without hw_qemu_guest_agent: Nova"
                                                        " refuses to snapshot it (scripts/real-guest)")),
)
# properties that only some root images have: removed from the others when found there
OPTIONAL = ("hw_qemu_guest_agent", "os_require_quiesce")
PATCH = {"Content-Type": "application/openstack-images-v2.1-json-patch"}


def log(msg):
    print("  " + msg, flush=True)


# ---- wait-compute -------------------------------------------------------------------------------
def wait_compute(host, since, timeout):
    bootstrap.wait_services("compute", (host,), ("nova-compute",), since, timeout,
                            "/var/log/nova/nova-compute-real.log")


# ---- hold, aggregate ----------------------------------------------------------------------------
HV = {"OpenStack-API-Version": "compute 2.53"}
HOLD_REASON = "snapdeck real-guest: not in its availability zone yet"


def compute_services(api, host):
    return api.call("GET", "compute", "/os-services", (200,), headers=HV,
                    params={"host": host, "binary": "nova-compute"}).json()["services"]


def hold(host, name):
    """Disable HOST's nova-compute while it is in no zone aggregate: once mapped to the cell it
    is in the default zone, where servers created without a zone go. (enable_new_services =
    false would not do: the conductor creates the service record, with nova.conf's value.)"""
    api = Api("admin", ENV["ADMIN_PASS"], "admin")
    aggs = api.call("GET", "compute", "/os-aggregates", (200,), headers=HV).json()["aggregates"]
    if any(a["name"] == name and host in (a.get("hosts") or []) for a in aggs):
        return
    for s in compute_services(api, host):
        if s["status"] == "enabled":
            api.call("PUT", "compute", "/os-services/" + s["id"], (200,), headers=HV,
                     json={"status": "disabled", "disabled_reason": HOLD_REASON})
            log("disabled nova-compute on %s until it is in its zone" % host)


# ---- aggregate ----------------------------------------------------------------------------------
def aggregate(host, name, zone):
    api = Api("admin", ENV["ADMIN_PASS"], "admin")
    # 2.41: aggregates have their uuid (Placement's aggregate); 2.53: services and hypervisors by uuid
    hv = HV
    aggs = api.call("GET", "compute", "/os-aggregates", (200,), headers=hv).json()["aggregates"]
    agg = next((a for a in aggs if a["name"] == name), None)
    if agg is None:
        agg = api.call("POST", "compute", "/os-aggregates", (200,), headers=hv,
                       json={"aggregate": {"name": name, "availability_zone": zone}}).json()["aggregate"]
        log("created aggregate %s (availability zone %s)" % (name, zone))
    elif agg["availability_zone"] != zone:
        api.call("PUT", "compute", "/os-aggregates/%s" % agg["id"], (200,), headers=hv,
                 json={"aggregate": {"availability_zone": zone}})
        log("aggregate %s: availability zone %s" % (name, zone))
    if host not in (agg.get("hosts") or []):
        agg = api.call("POST", "compute", "/os-aggregates/%s/action" % agg["id"], (200,), headers=hv,
                       json={"add_host": {"host": host}}).json()["aggregate"]
        log("added %s to aggregate %s" % (host, name))
    # Nova mirrors a host's aggregates into Placement when the host is added, and the scheduler
    # finds a zone's hosts there (query_placement_for_availability_zone): make sure it did (a
    # compute node that reported in after the add would be missing)
    nodes = api.call("GET", "compute", "/os-hypervisors/detail", (200,), headers=hv).json()["hypervisors"]
    node = next((n for n in nodes if n["service"]["host"] == host), None)
    if node is None:
        sys.exit("cloud.py: no compute node of host %s in os-hypervisors" % host)
    pv = {"OpenStack-API-Version": "placement 1.19"}
    path = "/resource_providers/%s/aggregates" % node["id"]
    got = api.call("GET", "placement", path, (200,), headers=pv).json()
    if agg["uuid"] not in got["aggregates"]:
        api.call("PUT", "placement", path, (200,), headers=pv, json={
            "aggregates": got["aggregates"] + [agg["uuid"]],
            "resource_provider_generation": got["resource_provider_generation"]})
        log("placement: resource provider %s (%s) joined aggregate %s" % (node["id"], node["hypervisor_hostname"],
                                                                          agg["uuid"]))
    # held disabled by `hold` until now, in its zone: the scheduler may place servers on it
    for s in compute_services(api, host):
        if s["status"] == "disabled" and s.get("disabled_reason") == HOLD_REASON:
            api.call("PUT", "compute", "/os-services/" + s["id"], (200,), headers=HV, json={"status": "enabled"})
            log("enabled nova-compute on %s" % host)
    print("  host %s (node %s, %s): aggregate %s, zone %s" % (host, node["hypervisor_hostname"], node["id"],
                                                              name, zone))


# ---- resources ----------------------------------------------------------------------------------
def sha512_of(path):
    """The file's sha512 (Glance's os_hash_value), remembered next to it: the files never change."""
    memo = path + ".sha512"
    if os.path.exists(memo) and os.path.getmtime(memo) >= os.path.getmtime(path):
        with open(memo) as f:
            return f.read().strip()
    h = hashlib.sha512()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    with open(memo, "w") as f:
        f.write(h.hexdigest() + "\n")
    return h.hexdigest()


def ensure_image(api, name, path, disk_format, props, min_disk=0, min_ram=0):
    """An active public image NAME of admin's with PATH's data and these properties: kept when
    its data is the same (properties patched), else uploaded anew and the old one deleted."""
    digest = sha512_of(path)
    found = api.call("GET", "image", "/images", (200,),
                     params={"name": name, "owner": api.project_id}).json()["images"]
    keep = next((i for i in found if i["status"] == "active" and i.get("os_hash_value") == digest), None)
    if keep is not None:
        ops = []
        want = dict(props, min_disk=min_disk, min_ram=min_ram, visibility="public")
        for key, value in want.items():
            if keep.get(key) != value:
                ops.append({"op": "replace" if key in keep else "add", "path": "/" + key, "value": value})
        ops += [{"op": "remove", "path": "/" + key} for key in OPTIONAL if key in keep and key not in props]
        if ops:
            api.call("PATCH", "image", "/images/" + keep["id"], (200,), json=ops, headers=PATCH)
            log("image %s (%s): updated %s" % (name, keep["id"], ", ".join(op["path"][1:] for op in ops)))
        image = keep
    else:
        container = disk_format if disk_format in ("aki", "ari") else "bare"
        body = dict(props, name=name, disk_format=disk_format, container_format=container,
                    visibility="public", min_disk=min_disk, min_ram=min_ram)
        image = api.call("POST", "image", "/images", (201,), json=body).json()
        started = time.monotonic()
        with open(path, "rb") as f:
            api.call("PUT", "image", "/images/%s/file" % image["id"], (204,), data=f,
                     headers={"Content-Type": "application/octet-stream"})
        image = api.call("GET", "image", "/images/" + image["id"], (200,)).json()
        if image["status"] != "active" or image.get("os_hash_value") != digest:
            sys.exit("cloud.py: image %s (%s) is %s after its upload" % (name, image["id"], image["status"]))
        log("uploaded image %s (%s): %.1f MiB in %.1f s" % (name, image["id"], os.path.getsize(path) / 2**20,
                                                           time.monotonic() - started))
    for old in found:
        if old["id"] != image["id"]:
            api.call("DELETE", "image", "/images/" + old["id"], (204, 404))
            log("deleted image %s (%s, %s): older data" % (name, old["id"], old["status"]))
    return image


def resources(guest_dir, build_id):
    api = Api("admin", ENV["ADMIN_PASS"], "admin")
    built = dict(COMMON, snapdeck_real_guest=build_id)
    ids = {}
    for name, filename, disk_format, props in (KERNEL, RAMDISK):
        ids[disk_format] = ensure_image(api, name, os.path.join(guest_dir, filename), disk_format,
                                        dict(built, **props))["id"]
    disk = os.path.join(guest_dir, "disk.qcow2")
    for name, props in ROOTS:
        image = ensure_image(api, name, disk, "qcow2",
                             dict(built, kernel_id=ids["aki"], ramdisk_id=ids["ari"],
                                  os_command_line=COMMAND_LINE, **props),
                             min_disk=1, min_ram=FLAVOR["ram"])
        print("  %-24s %s" % (name, image["id"]))
    if api.call("GET", "compute", "/flavors/" + FLAVOR["id"], (200, 404)).status_code == 404:
        api.call("POST", "compute", "/flavors", (200,), json={"flavor": dict(FLAVOR, **{
            "os-flavor-access:is_public": True})})
        log("created flavor %s (%d vCPU, %d MiB, %d GiB)" % (FLAVOR["id"], FLAVOR["vcpus"], FLAVOR["ram"],
                                                             FLAVOR["disk"]))


# ---- delete-servers -----------------------------------------------------------------------------
def delete_servers(host, timeout):
    api = Api("admin", ENV["ADMIN_PASS"], "admin")

    def servers():
        return api.call("GET", "compute", "/servers/detail", (200,),
                        params={"all_tenants": 1, "host": host}).json()["servers"]

    found = servers()
    if not found:
        log("no servers on %s" % host)
    for s in found:
        api.call("DELETE", "compute", "/servers/" + s["id"], (204, 404))
        log("deleting server %s (%s, project %s)" % (s["name"], s["id"], s["tenant_id"]))
    deadline = time.monotonic() + timeout
    while found:
        if time.monotonic() > deadline:
            sys.exit("cloud.py: servers still on %s after %ds: %s" % (host, timeout,
                                                                      ", ".join(s["id"] for s in found)))
        time.sleep(1)
        found = servers()


def main(argv):
    cmd, args = (argv[1] if len(argv) > 1 else ""), argv[2:]
    if cmd == "wait-compute" and len(args) == 3:
        wait_compute(args[0], float(args[1]), int(args[2]))
    elif cmd == "hold" and len(args) == 2:
        hold(*args)
    elif cmd == "aggregate" and len(args) == 3:
        aggregate(*args)
    elif cmd == "resources" and len(args) == 2:
        resources(*args)
    elif cmd == "delete-servers" and len(args) == 2:
        delete_servers(args[0], int(args[1]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
