// PNG export: the core's SVG drawn into a <canvas> in the browser (the core has no rasteriser).
/** Width and height an SVG document declares, in pixels. */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\b${name}="([0-9.]+)`).exec(open)?.[1] ?? NaN);
  let width = attr('width');
  let height = attr('height');
  if (!(width > 0 && height > 0)) {
    const vb = /viewBox="([^"]+)"/.exec(open)?.[1]?.split(/[\s,]+/).map(Number);
    width = vb?.[2] ?? 800;
    height = vb?.[3] ?? 600;
  }
  return { width, height };
}

/** The SVG as a PNG at `scale` (2: sharp on high-density screens), capped to what canvases allow. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const max = 16384;
  const s = Math.min(scale, max / width, max / height);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * s));
    canvas.height = Math.max(1, Math.round(height * s));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw the image');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('the image is too large to export as PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
