import { describe, expect, it } from 'vitest';
import { ApiError, outcomeUnknown } from './api-fetch';

describe('outcomeUnknown', () => {
  it('is true when no answer came or the cloud failed, false for a refusal', () => {
    expect(outcomeUnknown(new ApiError(0, 'Snapdeck could not be reached.'))).toBe(true);
    expect(outcomeUnknown(new ApiError(502, 'The compute service (Nova) sent an answer Snapdeck could not read.'))).toBe(true);
    expect(outcomeUnknown(new ApiError(504, 'The compute service (Nova) did not answer in time.'))).toBe(true);
    expect(outcomeUnknown(new ApiError(500, 'Something went wrong in Snapdeck.'))).toBe(true);
    expect(outcomeUnknown(new TypeError('Failed to fetch'))).toBe(true);
    for (const status of [400, 403, 404, 409, 413]) expect(outcomeUnknown(new ApiError(status, 'refused'))).toBe(false);
  });
});
