'use client';
// Sharing's server state: an image's members, and the changes that refresh them and the lists.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { ImageDetailResponse, ImageDto } from '@/lib/images/contract';
import type { Flag, MemberDto, MembersResponse, ShareResponse } from '@/lib/sharing/contract';

const imagePath = (id: string) => `/api/images/${encodeURIComponent(id)}`;

export function useMembers(imageId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.images.members(imageId),
    queryFn: () => apiFetch<MembersResponse>(`${imagePath(imageId)}/members`),
    enabled,
  });
}

/** After any sharing change: the image, its members and every list may have changed. */
function useRefresh(imageId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: queryKeys.images.members(imageId) });
    void qc.invalidateQueries({ queryKey: queryKeys.images.detail(imageId) });
    void qc.invalidateQueries({ queryKey: queryKeys.images.lists() });
  };
}

export function useShare(imageId: string) {
  const refresh = useRefresh(imageId);
  return useMutation({
    mutationFn: (projectId: string) => apiFetch<ShareResponse>(`${imagePath(imageId)}/members`, { method: 'POST', json: { projectId } }),
    onSuccess: refresh,
  });
}

export function useUnshare(imageId: string) {
  const refresh = useRefresh(imageId);
  return useMutation({
    mutationFn: (projectId: string) => apiFetch<{ removed: string }>(`${imagePath(imageId)}/members/${encodeURIComponent(projectId)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}

export function useAnswerShare(imageId: string) {
  const refresh = useRefresh(imageId);
  return useMutation({
    mutationFn: (status: 'accepted' | 'rejected') => apiFetch<MemberDto>(`${imagePath(imageId)}/membership`, { method: 'PUT', json: { status } }),
    onSuccess: refresh,
  });
}

export function useFlag(imageId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { flag: Flag; value: boolean }) => apiFetch<ImageDto>(`${imagePath(imageId)}/flag`, { method: 'PATCH', json: v }),
    onSuccess: (updated) => {
      qc.setQueryData<ImageDetailResponse>(queryKeys.images.detail(imageId), (d) => (d ? { ...d, image: updated } : d));
      void qc.invalidateQueries({ queryKey: queryKeys.images.lists() });
    },
  });
}

/** The projects the user belongs to (Keystone's auth/projects, which a non-admin may read):
 * their names stand beside member ids, and they can be picked as a target. */
export function useMyProjects(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.auth.projects(),
    queryFn: () => apiFetch<{ projects: { id: string; name: string }[] }>('/api/auth/projects'),
    enabled,
    staleTime: 5 * 60_000,
  });
}
