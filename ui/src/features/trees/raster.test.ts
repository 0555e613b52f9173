import { describe, expect, it } from 'vitest';
import { svgSize } from './raster';

describe('svgSize', () => {
  it('reads width and height, or the viewBox', () => {
    expect(svgSize('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480.5"><g/></svg>')).toEqual({ width: 640, height: 480.5 });
    expect(svgSize('<svg viewBox="0 0 300 200"></svg>')).toEqual({ width: 300, height: 200 });
    expect(svgSize('<?xml version="1.0"?>\n<svg width="10" height="20" viewBox="0 0 1 1">')).toEqual({ width: 10, height: 20 });
  });
});
