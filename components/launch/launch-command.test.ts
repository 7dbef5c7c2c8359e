import { describe, expect, it } from 'vitest';
import { launchCommand } from './launch-command';
import { shellQuote as shellWord } from '@/lib/shell-quote';

const base = { name: 'web-2', sourceId: 'a0000001-0000-4000-8000-000000000007', flavorId: 'd2-4', network: 'c0000001-0000-4000-8000-000000000002', count: 1, hasUserData: false };

describe('launchCommand', () => {
  it('is the issue’s command for one server on a network', () => {
    expect(launchCommand(base)).toBe('openstack server create --image a0000001-0000-4000-8000-000000000007 --flavor d2-4 --network c0000001-0000-4000-8000-000000000002 web-2');
  });

  it('uses --nic for auto/none and adds key pair, user data and count', () => {
    expect(launchCommand({ ...base, network: 'none', keyName: 'demo-key', hasUserData: true, count: 3, name: "bob's vm" }))
      .toBe("openstack server create --image a0000001-0000-4000-8000-000000000007 --flavor d2-4 --nic none --key-name demo-key --user-data ./user-data --min 3 --max 3 'bob'\\''s vm'");
  });

  it('names the availability zone when one is chosen (none: Nova’s default)', () => {
    expect(launchCommand({ ...base, availabilityZone: 'real' })).toBe('openstack server create --image a0000001-0000-4000-8000-000000000007 --flavor d2-4 --network c0000001-0000-4000-8000-000000000002 --availability-zone real web-2');
    expect(launchCommand({ ...base, availabilityZone: 'zone one' })).toContain("--availability-zone 'zone one' web-2");
  });

  it('shows placeholders for what is not chosen yet', () => {
    expect(launchCommand({ ...base, name: ' ', sourceId: '', flavorId: '', network: '' })).toBe('openstack server create --image <image> --flavor <flavor> --network <network> <name>');
  });

  it('boots from volumes with one --block-device per device, saying delete_on_termination and size as sent, no --image', () => {
    const devices = [{ sourceType: 'snapshot' as const, uuid: 'f0000001-0000-4000-8000-000000000001', destinationType: 'volume' as const, bootIndex: 0, volumeSize: 10, deleteOnTermination: true }];
    expect(launchCommand({ ...base, flavorId: 's1-2', devices }))
      .toBe('openstack server create --block-device uuid=f0000001-0000-4000-8000-000000000001,source_type=snapshot,destination_type=volume,boot_index=0,volume_size=10,delete_on_termination=true --flavor s1-2 --network c0000001-0000-4000-8000-000000000002 web-2');
    const image = [{ sourceType: 'image' as const, uuid: base.sourceId, destinationType: 'volume' as const, bootIndex: 0, volumeSize: 12, deleteOnTermination: false }];
    expect(launchCommand({ ...base, devices: image })).toContain(`--block-device uuid=${base.sourceId},source_type=image,destination_type=volume,boot_index=0,volume_size=12,delete_on_termination=false --flavor`);
  });

  it('quotes only when needed', () => {
    expect(shellWord('a-b_c.1')).toBe('a-b_c.1');
    expect(shellWord('a b')).toBe("'a b'");
  });
});
