import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileTypeFromFile } from 'file-type';
import { imageSizeFromFile } from 'image-size/fromFile';
import sharp from 'sharp';

/** How much of an undetected file is checked for being UTF-8 text. */
const TEXT_SAMPLE_BYTES = 1024 * 1024;
export const THUMBNAIL_MAX_PX = 320;

export interface Scan {
  sha256: string;
  size: number;
  /** No NUL and valid UTF-8 in the first MiB (a character cut by the sample's end is fine). */
  looksLikeText: boolean;
}

/** One pass over the bytes: their hash, their length and whether they read as text. */
export async function scanFile(file: string): Promise<Scan> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  let looksLikeText = true;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (looksLikeText && size < TEXT_SAMPLE_BYTES) {
      const part = chunk.subarray(0, TEXT_SAMPLE_BYTES - size);
      try {
        decoder.decode(part, { stream: true });
        if (part.includes(0)) looksLikeText = false;
      } catch {
        looksLikeText = false;
      }
    }
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size, looksLikeText };
}

/** The format the bytes announce (file-type reads only their first few KiB), or null. */
export async function detectType(file: string): Promise<string | null> {
  return (await fileTypeFromFile(file))?.mime ?? null;
}

/**
 * Pixel size as people see the image: with EXIF orientation applied (a portrait photo stored
 * sideways reports portrait). sharp reads what it can decode; image-size covers the rest
 * (icons, PSD, …). Null when neither understands the bytes.
 */
export async function measureImage(file: string): Promise<{ width: number; height: number } | null> {
  try {
    const { autoOrient } = await sharp(file).metadata();
    if (autoOrient.width > 0 && autoOrient.height > 0) return { width: autoOrient.width, height: autoOrient.height };
  } catch {
    // not decodable by sharp: try the header parser
  }
  try {
    const { width, height, orientation } = await imageSizeFromFile(file);
    if (!width || !height) return null;
    return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
  } catch {
    return null;
  }
}

export interface Thumbnail {
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * A WebP preview at most THUMBNAIL_MAX_PX on its long side, upright (EXIF orientation applied,
 * then every metadata block dropped, GPS included). First frame of an animation. Null when sharp
 * cannot decode the image; sharp's pixel limit refuses decompression bombs.
 */
export async function makeThumbnail(file: string): Promise<Thumbnail | null> {
  try {
    const { data, info } = await sharp(file, { animated: false })
      .autoOrient()
      .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
