"""Cinder's in-tree FakeLoggingVolumeDriver with a volume's data in a file it also deletes.

The fake driver makes every driver call a no-op, but a volume made from an image still goes
through Cinder's image checks and `qemu-img convert`, to the LVM path
/dev/mapper/cinder--volumes-volume--<id>: there is no /dev/mapper on this kernel (no
device-mapper), and the driver's delete_volume would leave the file behind anyway. Here the
data goes to /var/lib/cinder/volumes/volume-<id> (sparse) and goes with its volume.
Loaded by cinder-volume from $STATE/py (PYTHONPATH), as volume_driver in cinder.conf.
"""
import os

from cinder.tests import fake_driver

VOLUMES_DIR = "/var/lib/cinder/volumes"


class FakeFileVolumeDriver(fake_driver.FakeLoggingVolumeDriver):
    def local_path(self, volume, vg=None):
        return os.path.join(VOLUMES_DIR, volume["name"])

    def delete_volume(self, volume):
        # the file is root's (qemu-img runs through rootwrap) in cinder's directory: cinder may unlink it
        try:
            os.unlink(self.local_path(volume))
        except FileNotFoundError:
            pass
