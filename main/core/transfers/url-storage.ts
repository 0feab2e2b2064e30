import type { PreviousUpload, UrlStorage } from 'tus-js-client';
import type { TransferRecord } from '../../../shared/cache';

export type StoredTusUpload = NonNullable<TransferRecord['tus']>;

/**
 * tus-js-client's URL storage for one transfer, kept in that transfer's row of the cache (not in
 * a file of tus's own), so the upload URL survives a restart together with the outbox message
 * it belongs to, and goes away with it. The fingerprint is the transfer id: one upload each.
 */
export function transferUrlStorage(
  transferId: string,
  read: () => StoredTusUpload | null,
  write: (entry: StoredTusUpload | null) => Promise<void>,
): UrlStorage {
  const key = `tus::${transferId}`;
  const list = async (): Promise<PreviousUpload[]> => {
    const entry = read();
    return entry ? [{ ...entry, urlStorageKey: key, parallelUploadUrls: null }] : [];
  };
  return {
    findAllUploads: list,
    findUploadsByFingerprint: async (fingerprint) => (fingerprint === transferId ? list() : []),
    removeUpload: async () => write(null),
    addUpload: async (_fingerprint, upload) => {
      if (upload.uploadUrl) {
        await write({
          uploadUrl: upload.uploadUrl,
          creationTime: String(upload.creationTime).slice(0, 100),
          size: upload.size,
          metadata: upload.metadata,
        });
      }
      return key;
    },
  };
}
