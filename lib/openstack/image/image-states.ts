// Glance's image vocabulary, defined once: statuses and visibilities as Glance names them.
// Word tables elsewhere are typed `satisfies Record<ImageStatus, string>`.

/** Glance's image statuses (glance/db/simple/api.py, the image state machine). */
export const IMAGE_STATUSES = [
  'queued', 'saving', 'active', 'killed', 'deleted', 'pending_delete', 'deactivated', 'uploading', 'importing',
] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

/** The statuses an image list can show: Glance never lists killed or deleted images. */
export const LISTED_IMAGE_STATUSES = ['queued', 'saving', 'active', 'deactivated', 'uploading', 'importing', 'pending_delete'] as const satisfies readonly ImageStatus[];

/** Statuses that move on by themselves: data arriving, an import, a deletion. */
export const TRANSITIONAL_IMAGE_STATUSES = ['queued', 'saving', 'uploading', 'importing', 'pending_delete'] as const satisfies readonly ImageStatus[];

export const IMAGE_VISIBILITIES = ['public', 'private', 'shared', 'community'] as const;
export type ImageVisibility = (typeof IMAGE_VISIBILITIES)[number];
