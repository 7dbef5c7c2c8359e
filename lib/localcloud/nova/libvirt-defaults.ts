// The device defaults Nova's libvirt driver records in an instance's system metadata when it
// spawns it (driver.py REGISTER_IMAGE_PROPERTY_DEFAULTS, _register_undefined_instance_details),
// so that a later QEMU or libvirt default cannot change the guest's ABI. The compute API copies
// system metadata into a snapshot when it creates the image, so the snapshot carries them from
// `queued` on. Zed's FakeDriver records none of them: the local cloud imitates the libvirt driver.

/** What Zed's driver chose for an x86 QEMU guest whose image set none (docs/real-guest.md, case a). */
export const LIBVIRT_DEVICE_DEFAULTS = {
  hw_machine_type: 'pc',
  hw_disk_bus: 'virtio',
  hw_cdrom_bus: 'ide',
  hw_input_bus: 'usb',
  hw_pointer_model: 'usbtablet',
  hw_video_model: 'virtio',
  hw_vif_model: 'virtio',
} as const satisfies Record<string, string>;

/** The boot-time properties plus the driver's default for each one the image did not set. */
export function withDeviceDefaults(props: Record<string, string>): Record<string, string> {
  const missing = Object.entries(LIBVIRT_DEVICE_DEFAULTS).filter(([key]) => !(key in props));
  return { ...props, ...Object.fromEntries(missing) };
}
