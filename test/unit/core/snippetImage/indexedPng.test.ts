import * as assert from 'assert';
import { IndexedPngWriter, indexedPng } from '../../../../src/core/snippetImage/indexedPng';
import { decode } from './support';

/** A width×1 strip that blends from the background to each ink in `levels` steps. */
function ramps(background: number[], inks: number[][], levels: number): { pixels: Uint8Array; width: number } {
  const width = inks.length * levels + 1;
  const pixels = new Uint8Array(width * 4);
  pixels.set([...background, 255], 0);
  inks.forEach((ink, k) => {
    for (let l = 1; l <= levels; l++) {
      const i = 4 * (1 + k * levels + (l - 1));
      pixels.set([...ink.map((c, j) => Math.round(background[j] + ((c - background[j]) * l) / levels)), 255], i);
    }
  });
  return { pixels, width };
}

const rgb = (c: number[]): number => (c[0] << 16) | (c[1] << 8) | c[2];

describe('indexedPng', function () {
  it('keeps every pixel exactly when there are at most 256 colors', function () {
    const { pixels, width } = ramps([30, 30, 30], [[212, 212, 212], [86, 156, 214], [206, 145, 120]], 60);
    const png = indexedPng(pixels, width, 1, []);
    assert.ok(png);
    assert.strictEqual(png[25], 3, 'color type 3: indexed');
    assert.deepStrictEqual(Array.from(decode(png).data), Array.from(pixels));
  });

  it('maps more colors to the nearest step of the ramps towards the inks, within a few levels', function () {
    const inks = [[212, 212, 212], [86, 156, 214], [206, 145, 120], [106, 153, 85], [220, 220, 170]];
    const { pixels, width } = ramps([30, 30, 30], inks, 255);
    const png = indexedPng(pixels, width, 1, inks.map(rgb));
    assert.ok(png);
    const decoded = decode(png).data;
    let worst = 0;
    for (let i = 0; i < pixels.length; i++) {
      worst = Math.max(worst, Math.abs(decoded[i] - pixels[i]));
    }
    assert.ok(worst <= 6, `worst channel error ${worst}`);
  });

  it('gives up, for an RGBA PNG instead, when the inks are too many for smooth ramps', function () {
    const inks = Array.from({ length: 40 }, (_, i) => [i * 6, 255 - i * 6, 128]);
    const { pixels, width } = ramps([0, 0, 0], inks, 20);
    assert.strictEqual(indexedPng(pixels, width, 1, inks.map(rgb)), undefined);
  });

  it('writes the same PNG band by band as of the whole picture, when a later band outgrows the exact palette', function () {
    const inks = [[212, 212, 212], [86, 156, 214], [206, 145, 120], [106, 153, 85], [220, 220, 170]];
    // Row 0 has 101 colors, row 1 blends through 1276: only the second band leaves the exact palette.
    const few = ramps([30, 30, 30], inks.slice(0, 2), 50);
    const many = ramps([30, 30, 30], inks, 255);
    const width = many.width;
    const picture = new Uint8Array(width * 4 * 2);
    for (let x = 0; x < width; x++) {
      picture.set(x < few.width ? few.pixels.subarray(4 * x, 4 * x + 4) : [30, 30, 30, 255], 4 * x);
    }
    picture.set(many.pixels, width * 4);
    const whole = indexedPng(picture, width, 2, inks.map(rgb));
    const writer = new IndexedPngWriter(width, 2, inks.map(rgb));
    assert.ok(writer.add(picture.subarray(0, width * 4)));
    assert.ok(writer.add(picture.subarray(width * 4)));
    assert.ok(whole);
    assert.deepStrictEqual(Array.from(writer.png()), Array.from(whole));
    assert.strictEqual(decode(whole).height, 2);
  });
});
