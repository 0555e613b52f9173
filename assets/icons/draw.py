# Draw Groundwork's icon source (1024x1024 RGBA PNG) with the standard library only:
# a rounded square of soil strata with a sprout, supersampled 3x3 for smooth edges.
import struct, zlib, math, sys
N = 1024
S = 3
def lerp(a, b, t): return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(len(a)))
BG_TOP = (46, 94, 78); BG_BOT = (28, 64, 54)
STRATA = [(0.60, (196, 148, 92)), (0.70, (168, 117, 70)), (0.80, (132, 88, 54)), (0.90, (101, 66, 42))]
LEAF = (140, 214, 120); STEM = (120, 196, 104)
R = 0.20  # corner radius (fraction)
M = 0.06  # margin
def inside_rrect(x, y):
    lo, hi = M, 1 - M
    if x < lo or x > hi or y < lo or y > hi: return False
    cx = min(max(x, lo + R), hi - R); cy = min(max(y, lo + R), hi - R)
    return (x - cx) ** 2 + (y - cy) ** 2 <= R * R
def in_ellipse(x, y, cx, cy, a, b, ang):
    c, s = math.cos(ang), math.sin(ang)
    dx, dy = x - cx, y - cy
    u = dx * c + dy * s; v = -dx * s + dy * c
    return (u / a) ** 2 + (v / b) ** 2 <= 1
def color(x, y):
    if not inside_rrect(x, y): return None
    # stem and two leaves above the ground line
    if abs(x - 0.5) < 0.018 and 0.36 < y < 0.61: return STEM
    if in_ellipse(x, y, 0.40, 0.36, 0.11, 0.05, math.radians(30)): return LEAF
    if in_ellipse(x, y, 0.60, 0.30, 0.12, 0.055, math.radians(-35)): return LEAF
    # strata: gently waved bands
    for top, col in STRATA:
        wave = 0.012 * math.sin(x * math.pi * 3 + top * 10)
        if y >= top + wave and (top == STRATA[-1][0] or y < top + 0.10 + 0.012 * math.sin(x * math.pi * 3 + (top + 0.10) * 10)):
            return col
    if y >= STRATA[0][0] + 0.012 * math.sin(x * math.pi * 3 + STRATA[0][0] * 10):
        return STRATA[-1][1]
    return lerp(BG_TOP, BG_BOT, y)
rows = []
for py in range(N):
    row = bytearray([0])
    for px in range(N):
        acc = [0, 0, 0, 0]
        for sy in range(S):
            for sx in range(S):
                c = color((px + (sx + 0.5) / S) / N, (py + (sy + 0.5) / S) / N)
                if c:
                    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
        n = acc[3] // 255
        if n: row += bytes([acc[0] // n, acc[1] // n, acc[2] // n, acc[3] // (S * S)])
        else: row += b"\0\0\0\0"
    rows.append(bytes(row))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
