/**
 * East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W and F): CJK ideographs, kana,
 * Hangul syllables, fullwidth forms. Emoji are told apart by their properties instead, below.
 */
const WIDE =
  /^[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{16FE0}-\u{16FE4}\u{17000}-\u{18CFF}\u{1AFF0}-\u{1B2FF}\u{1F200}-\u{1F2FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;
/** Shown as an emoji: a character emoji by default, or any pictograph turned into one by VS16 (U+FE0F) or joined by a ZWJ. */
const EMOJI = /^\p{Emoji_Presentation}|^\p{Extended_Pictographic}.*[\uFE0F\u200D]|^[#*0-9]\uFE0F?\u20E3/su;
/** Nothing visible: control and format characters, or a combining mark with no base before it. */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Mn}\p{Me}]+$/u;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
/** Characters that join with their neighbours into one cluster: marks, ZWJ, variation selectors, flags, skin tones, Hangul jamo. */
const JOINING = /\p{M}|\u200D|[\uFE00-\uFE0F]|[\u{1F1E6}-\u{1F1FF}]|\p{Emoji_Modifier}|[\u1160-\u11FF]/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns one user-perceived character takes in a monospace font: 0, 1 or 2. */
function clusterWidth(cluster: string): number {
  if (EMOJI.test(cluster) || WIDE.test(cluster)) {
    return 2;
  }
  return INVISIBLE.test(cluster) ? 0 : 1;
}

/**
 * Columns a string takes in a monospace font, as terminals count them: CJK, fullwidth forms and emoji
 * take two, combining marks and zero-width characters none, everything else one.
 */
export function displayWidth(value: string): number {
  if (PRINTABLE_ASCII.test(value)) {
    return value.length;
  }
  let width = 0;
  // Segmenting is slow; text where every character stands alone (most CJK text) is measured character by character.
  const clusters = JOINING.test(value) ? Array.from(graphemes.segment(value), (s) => s.segment) : value;
  for (const cluster of clusters) {
    width += clusterWidth(cluster);
  }
  return width;
}
