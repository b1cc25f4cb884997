import type { Inline } from './ir';
import { fileName, isBadge, isLocalImage, linkTarget, remoteUrl } from './urls';

export interface LocalImage {
  src: string;
  alt: string;
}

export interface ConvertOptions {
  /** media_id per uploaded local image, keyed by LocalImage.src. A local image not in the map becomes its alt text and is listed in unresolvedImages. */
  images?: ReadonlyMap<string, string>;
  /** Web URL for a relative link exactly as written (e.g. "docs/setup.md#install", "../LICENSE"); undefined keeps the link text without a link. */
  resolveLink?: (href: string) => string | undefined;
}

/**
 * Decides what each image and link of one document becomes, and notes the local images left out in the
 * order it meets them (repeats included): the converter may read parts of the document out of order,
 * and puts what each part met back in document order (distinctImages).
 */
export class Resolver {
  met: LocalImage[] = [];

  constructor(private readonly options: ConvertOptions) {}

  image(written: string, alt: string): Inline {
    const src = written.trim();
    if (isLocalImage(src)) {
      const mediaId = this.options.images?.get(src);
      if (mediaId) {
        return { kind: 'image', src: mediaId, alt, badge: false, written: src };
      }
      this.met.push({ src, alt });
      return { kind: 'image', src: undefined, alt: alt || fileName(src), badge: false, written: src };
    }
    const url = remoteUrl(src);
    return { kind: 'image', src: url, alt, badge: url !== undefined && isBadge(url), written: src };
  }

  link(written: string, children: Inline[]): Inline {
    const href = written.trim();
    // A picture linking to itself (to be opened full size) is just the picture.
    if (children.some((c) => c.kind === 'image' && c.written === href) && children.every((c) => c.kind === 'image' || (c.kind === 'text' && !c.text.trim()))) {
      return { kind: 'link', href: undefined, children };
    }
    const target = linkTarget(href);
    const url = target.kind === 'absolute' ? target.url : target.kind === 'relative' ? this.options.resolveLink?.(href) : undefined;
    return { kind: 'link', href: url, children };
  }
}

/** Each src once, where it first occurs. */
export function distinctImages(images: Iterable<LocalImage>): LocalImage[] {
  const seen = new Set<string>();
  const out: LocalImage[] = [];
  for (const image of images) {
    if (!seen.has(image.src)) {
      seen.add(image.src);
      out.push(image);
    }
  }
  return out;
}
