'use client';
// The launch form's data, each from one of Snapdeck's routes through React Query.
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api-fetch';
import type { FlavorLike } from '@/lib/launch/rules';
import type { AvailabilityZonesAnswer, KeypairChoice, NetworksAnswer, SourceAnswer, SourcesAnswer } from '@/lib/launch/contract';
import { queryKeys } from '@/lib/client/query-keys';

// Flavors, networks, key pairs and zones hardly change while a form is open.
const SLOW = { staleTime: 5 * 60_000, refetchOnWindowFocus: false } as const;


export function useSource(id: string | null) {
  return useQuery({
    queryKey: queryKeys.launch.source(id),
    queryFn: () => apiFetch<SourceAnswer>(`/api/launch/sources?id=${encodeURIComponent(id!)}`),
    enabled: id !== null,
    staleTime: 30_000,
  });
}

export function useSources(q: string) {
  return useQuery({
    queryKey: queryKeys.launch.sources(q),
    queryFn: () => apiFetch<SourcesAnswer>(`/api/launch/sources${q ? `?q=${encodeURIComponent(q)}` : ''}`),
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

export function useFlavors() {
  return useQuery({ queryKey: queryKeys.launch.flavors(), queryFn: () => apiFetch<{ flavors: FlavorLike[] }>('/api/flavors').then((r) => r.flavors), ...SLOW });
}

export function useNetworks() {
  return useQuery({ queryKey: queryKeys.launch.networks(), queryFn: () => apiFetch<NetworksAnswer>('/api/networks'), ...SLOW });
}

export function useKeypairs() {
  return useQuery({ queryKey: queryKeys.launch.keypairs(), queryFn: () => apiFetch<{ keypairs: KeypairChoice[] }>('/api/keypairs').then((r) => r.keypairs), ...SLOW });
}

export function useAvailabilityZones() {
  return useQuery({ queryKey: queryKeys.launch.availabilityZones(), queryFn: () => apiFetch<AvailabilityZonesAnswer>('/api/availability-zones').then((r) => r.zones), ...SLOW });
}
