/** `decodeURIComponent`, or the text as it is when it is not valid percent-encoding (`100%`, `%zz`). */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
