// See CKernels.h. Each exported loop is built for AVX-512, AVX2 with FMA (x86-64-v3) and
// baseline x86-64; the dynamic loader binds the widest the CPU supports. Vectors are GCC vector
// extensions of 16 floats, which each target lowers to its own registers (1 zmm, 2 ymm, 4 xmm)
// with the same per-lane IEEE operations. The package builds this file with -ffp-contract=off.
#include "CKernels.h"

#include <math.h>
#include <string.h>

#ifndef __has_feature
#define __has_feature(x) 0
#endif

// Not under ThreadSanitizer: it instruments the ifunc resolvers that target_clones makes, and
// the loader runs those before the sanitizer's runtime is set up, so the test binary crashed
// on start (`make test-sanitize`). Baseline code alone gives the same results.
#if defined(__x86_64__) && defined(__linux__) && !__has_feature(thread_sanitizer)
#define CLONES __attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

typedef float v16 __attribute__((vector_size(64)));
typedef float v8 __attribute__((vector_size(32)));
typedef float v4 __attribute__((vector_size(16)));
typedef int32_t v8i __attribute__((vector_size(32)));
typedef int32_t v16i __attribute__((vector_size(64)));
typedef uint32_t v16u __attribute__((vector_size(64)));

// Whether the CPU has AVX-512's 32 vector registers of 16 floats: kernels that keep many
// accumulators in registers pick their tile shape by it (the answer never changes, and a tile's
// sums do not depend on its shape).
static inline int wide_registers(void) {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx512f");
#else
  return 0;
#endif
}

// Unaligned 16-float loads and stores, and a broadcast. Macros, not functions: a function
// passing a 64-byte vector by value would have a different ABI in each CPU clone.
#define load16(p) ({ v16 v_; memcpy(&v_, (p), sizeof v_); v_; })
#define store16(p, v) do { v16 s_ = (v); memcpy((p), &s_, sizeof s_); } while (0)
#define splat16(x) ({ float s_ = (x); (v16){s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_}; })

// The sum of a vector's 16 lanes as a fixed tree of halves (a macro for the same ABI reason).
#define HSUM16(v)                                                                                  \
  ({                                                                                               \
    v16 h16_ = (v);                                                                                \
    v8 h8_ = __builtin_shufflevector(h16_, h16_, 0, 1, 2, 3, 4, 5, 6, 7)                           \
      + __builtin_shufflevector(h16_, h16_, 8, 9, 10, 11, 12, 13, 14, 15);                         \
    v4 h4_ = __builtin_shufflevector(h8_, h8_, 0, 1, 2, 3) + __builtin_shufflevector(h8_, h8_, 4, 5, 6, 7); \
    (h4_[0] + h4_[2]) + (h4_[1] + h4_[3]);                                                         \
  })

static inline float bits_float(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

// The constants of FastMath, by bit pattern so they are exactly Swift's Float literals.
#define LOG2E bits_float(0x3fb8aa3bu)  // 1.442695
#define LOG2E_2 bits_float(0x4038aa3bu)  // 2·LOG2E (exact)
#define LN2_HI bits_float(0x3f317200u)  // 0.69314575 (exact)
#define LN2_LO bits_float(0x35bfbe8eu)  // 1.4286068e-6
#define C5040 bits_float(0x39500d01u)  // 1/5040
#define C720 bits_float(0x3ab60b61u)  // 1/720
#define C120 bits_float(0x3c088889u)  // 1/120
#define C24 bits_float(0x3d2aaaabu)  // 1/24
#define C6 bits_float(0x3e2aaaabu)  // 1/6
#define LECUN_A bits_float(0x3fdba29cu)  // 1.7159
#define LECUN_S bits_float(0x3f2aaaabu)  // 2/3
#define LECUN_K bits_float(0x3ec6ec7eu)  // (2/3)/1.7159 as Float

// Swift's max(x, y) is `y >= x ? y : x` and min(x, y) is `y < x ? y : x`; mirrored here so
// NaN and signed zeros come out the same.
static inline float swift_max(float x, float y) { return y >= x ? y : x; }
static inline float swift_min(float x, float y) { return y < x ? y : x; }

// FastMath.split, operation for operation (fmaf is Swift's addingProduct): returns e^f − 1
// and sets *scale to 2^n.
static inline float fm_split(float x, float *scale) {
  float n = fmaf(x, LOG2E, 12582912.0f) - 12582912.0f;
  float f = fmaf(-n, LN2_LO, fmaf(-n, LN2_HI, x));
  float f2 = f * f;
  float low = fmaf(f2, fmaf(f, C6, 0.5f), f);
  float high = fmaf(f2, fmaf(f, C5040, C720), fmaf(f, C120, C24));
  *scale = bits_float((uint32_t)((int32_t)n + 127) << 23);
  return fmaf(f2 * f2, high, low);
}

// FastMath.exp.
static inline float fm_exp(float x) {
  float s;
  float m = fm_split(swift_min(swift_max(x, -87.0f), 88.0f), &s);
  return fmaf(s, m, s);
}

// FastMath.tanh.
static inline float fm_tanh(float x) {
  float s;
  float m = fm_split(2.0f * swift_min(fabsf(x), 9.0f), &s);
  float t = fmaf(s, m, s - 1.0f) / fmaf(s, m, s + 1.0f);
  return x < 0.0f ? -t : t;
}

// Lane-wise m ? a : b for a comparison mask m (all ones or all zeros per lane), by bits.
#define SELECT16(m, a, b) ((v16)(((v16i)(m) & (v16i)(a)) | (~(v16i)(m) & (v16i)(b))))

// fm_tanh on 16 lanes, operation for operation (a macro for the clones' ABI, as load16).
// Written out because the compiler's own vectorisation of fm_tanh's loop ran one 8-lane chain
// at a time, and the loop is bound by that chain's latency: two 16-lane calls side by side in
// one iteration keep four chains in flight. One rewrite that gives the same bits: n's fused
// product is |x|·(2·log2 e) instead of (2|x|)·log2 e (doubling is exact, so both are the one
// rounding of the same sum), which takes a multiply off the chain.
#define FMA16(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#define TANH16(xin)                                                                                \
  ({                                                                                               \
    v16 x_ = (xin);                                                                                \
    v16 a_ = (v16)((v16i)x_ & 0x7fffffff); /* fabsf */                                             \
    a_ = SELECT16(splat16(9.0f) < a_, splat16(9.0f), a_); /* swift_min(|x|, 9) */                  \
    v16 y_ = a_ + a_;                                                                              \
    v16 n_ = FMA16(a_, splat16(LOG2E_2), splat16(12582912.0f)) - splat16(12582912.0f);             \
    v16 f_ = FMA16(-n_, splat16(LN2_LO), FMA16(-n_, splat16(LN2_HI), y_));                         \
    v16 f2_ = f_ * f_;                                                                             \
    v16 low_ = FMA16(f2_, FMA16(f_, splat16(C6), splat16(0.5f)), f_);                              \
    v16 high_ = FMA16(f2_, FMA16(f_, splat16(C5040), splat16(C720)), FMA16(f_, splat16(C120), splat16(C24))); \
    v16 m_ = FMA16(f2_ * f2_, high_, low_);                                                        \
    v16 s_ = (v16)((v16u)(__builtin_convertvector(n_, v16i) + 127) << 23);                         \
    v16 t_ = FMA16(s_, m_, s_ - splat16(1.0f)) / FMA16(s_, m_, s_ + splat16(1.0f));                \
    SELECT16(x_ < splat16(0.0f), (v16)((v16i)t_ ^ (int32_t)0x80000000), t_); /* sign of x */        \
  })

// out = scale · tanh(inner · pre): tanh is (1, 1), LeCun's scaled tanh (A, S). Multiplying by
// 1 changes no bits, so both give exactly what their scalar loops gave.
static inline __attribute__((always_inline)) void tanh_loop(const float *restrict pre, float *restrict out,
                                                             long count, float inner, float scale) {
  long i = 0;
  for (; i + 32 <= count; i += 32) {
    const v16 a = TANH16(splat16(inner) * load16(pre + i));
    const v16 b = TANH16(splat16(inner) * load16(pre + i + 16));
    store16(out + i, splat16(scale) * a);
    store16(out + i + 16, splat16(scale) * b);
  }
  for (; i < count; i++) out[i] = scale * fm_tanh(inner * pre[i]);
}

CLONES void ck_activation_forward(int kind, const float *restrict pre, float *restrict out, long count) {
  switch (kind) {
  case CK_RELU:
    for (long i = 0; i < count; i++) out[i] = swift_max(0.0f, pre[i]);
    break;
  case CK_TANH:
    tanh_loop(pre, out, count, 1.0f, 1.0f);
    break;
  case CK_SCALED_TANH:
    tanh_loop(pre, out, count, LECUN_S, LECUN_A);
    break;
  case CK_SIGMOID:
    for (long i = 0; i < count; i++) out[i] = 1.0f / (1.0f + fm_exp(-pre[i]));
    break;
  default:
    if (out != pre) memmove(out, pre, (size_t)count * sizeof(float));
  }
}

CLONES void ck_activation_backward(int kind, const float *restrict out, const float *restrict dout,
                                   float *restrict dpre, long count) {
  switch (kind) {
  case CK_RELU:
    for (long i = 0; i < count; i++) dpre[i] = out[i] > 0.0f ? dout[i] : 0.0f;
    break;
  case CK_TANH:
    for (long i = 0; i < count; i++) dpre[i] = dout[i] * (1.0f - out[i] * out[i]);
    break;
  case CK_SCALED_TANH: {
    const float a2 = LECUN_A * LECUN_A;
    for (long i = 0; i < count; i++) dpre[i] = dout[i] * LECUN_K * (a2 - out[i] * out[i]);
    break;
  }
  case CK_SIGMOID:
    for (long i = 0; i < count; i++) dpre[i] = dout[i] * out[i] * (1.0f - out[i]);
    break;
  default:
    if (dpre != dout) memmove(dpre, dout, (size_t)count * sizeof(float));
  }
}

// dst[0..<n) = src[0..<n) in vector pieces (a plain loop would become a libc memcpy call,
// which costs more than copying LeNet's 28-float rows).
static inline void copy_floats(float *dst, const float *src, long n) {
  long i = 0;
  for (; i + 16 <= n; i += 16) store16(dst + i, load16(src + i));
  if (i + 8 <= n) {
    v8 v;
    memcpy(&v, src + i, sizeof v);
    memcpy(dst + i, &v, sizeof v);
    i += 8;
  }
  if (i + 4 <= n) {
    v4 v;
    memcpy(&v, src + i, sizeof v);
    memcpy(dst + i, &v, sizeof v);
    i += 4;
  }
  for (; i < n; i++) dst[i] = src[i];
}

static inline void zero_floats(float *dst, long n) {
  for (long i = 0; i < n; i++) dst[i] = 0;
}

// First output column whose input column ox·S − P + off lies inside [0, size), and one past
// the last (Im2col.validRange).
static inline void valid_range(long out, long size, long stride, long pad, long off, long *lo, long *hi) {
  long low = pad - off;
  long l = low <= 0 ? 0 : (low + stride - 1) / stride;
  long high = size - 1 + pad - off;
  long h = high < 0 ? 0 : (high / stride + 1 < out ? high / stride + 1 : out);
  if (l >= h) l = h = 0;
  *lo = l;
  *hi = h;
}

CLONES void ck_im2col(const float *x, long n, long cin, long h, long w, long channel_offset, long k, long stride,
                      long pad, long out_h, long out_w, long c, long ky, float *col) {
  const long hw = out_h * out_w, cols = n * hw;
  long ylo, yhi;
  valid_range(out_h, h, stride, pad, ky, &ylo, &yhi);
  for (long kx = 0; kx < k; kx++) {
    float *row = col + ((c * k + ky) * k + kx) * cols;
    long xlo, xhi;
    valid_range(out_w, w, stride, pad, kx, &xlo, &xhi);
    for (long b = 0; b < n; b++) {
      const float *plane = x + (b * cin + channel_offset + c) * h * w;
      float *image = row + b * hw;
      for (long oy = 0; oy < out_h; oy++) {
        float *dst = image + oy * out_w;
        if (oy < ylo || oy >= yhi) {
          zero_floats(dst, out_w);
          continue;
        }
        const float *src = plane + (oy * stride - pad + ky) * w - pad + kx;
        zero_floats(dst, xlo);
        if (stride == 1) {
          copy_floats(dst + xlo, src + xlo, xhi - xlo);
        } else {
          for (long ox = xlo; ox < xhi; ox++) dst[ox] = src[ox * stride];
        }
        zero_floats(dst + xhi, out_w - xhi);
      }
    }
  }
}

CLONES void ck_bias_activation(int kind, const float *tmp, long cols, const float *bias, float *pre, float *out,
                               long cout, long n, long hw, long o0, long o1) {
  for (long o = o0; o < o1; o++) {
    const float b = bias[o];
    for (long s = 0; s < n; s++) {
      const float *src = tmp + o * cols + s * hw;
      float *p = pre + (s * cout + o) * hw, *y = out + (s * cout + o) * hw;
      switch (kind) {
      case CK_RELU:
        for (long i = 0; i < hw; i++) { p[i] = src[i] + b; y[i] = swift_max(0.0f, p[i]); }
        break;
      case CK_TANH:
        for (long i = 0; i < hw; i++) { p[i] = src[i] + b; y[i] = fm_tanh(p[i]); }
        break;
      case CK_SCALED_TANH:
        for (long i = 0; i < hw; i++) { p[i] = src[i] + b; y[i] = LECUN_A * fm_tanh(LECUN_S * p[i]); }
        break;
      case CK_SIGMOID:
        for (long i = 0; i < hw; i++) { p[i] = src[i] + b; y[i] = 1.0f / (1.0f + fm_exp(-p[i])); }
        break;
      default:
        for (long i = 0; i < hw; i++) { p[i] = src[i] + b; y[i] = p[i]; }
      }
    }
  }
}

CLONES void ck_gather_channels(const float *dpre, float *dtmp, long cols, float *dbias, long cout, long n, long hw,
                               long o0, long o1) {
  for (long o = o0; o < o1; o++) {
    v16 part = {0};
    float rest = 0;
    for (long s = 0; s < n; s++) {
      const float *src = dpre + (s * cout + o) * hw;
      float *dst = dtmp + o * cols + s * hw;
      long i = 0;
      for (; i + 16 <= hw; i += 16) {
        v16 v = load16(src + i);
        store16(dst + i, v);
        part += v;
      }
      for (; i < hw; i++) {
        dst[i] = src[i];
        rest += src[i];
      }
    }
    dbias[o] += HSUM16(part) + rest;
  }
}


// One tile of ck_conv_direct: O output channels from o0 times V vectors of 16 flat positions
// from j0. Flat position j = oy·w + ox indexes the input plane's grid, so tap (c, ky, kx)
// reads the 16·V contiguous floats at x_c + ky·w + kx + j0 (positions with ox ≥ wo are
// computed and dropped). Each position sums its taps in (c, ky, kx) order from zero, then adds
// the bias, whichever tile computes it: overlapping tiles write the same bits.
// Inlined with constant O and V so the O·V accumulators live in registers.
static inline __attribute__((always_inline)) void direct_tile(const int O, const int V, const float *x, long cin,
                                                               long h, long w, long wo, long ho, const float *weight,
                                                               const float *bias, long k, long o0, long j0,
                                                               float *pre) {
  // A convolution has no bit-for-bit Swift reference (sgemm's order is its own): fused
  // multiply-adds where the CPU has them halve the arithmetic.
#pragma clang fp contract(fast)
  v16 acc[8][4];
  for (int a = 0; a < O; a++)
    for (int v = 0; v < V; v++) acc[a][v] = splat16(0.0f);
  const long kk = k * k;
  for (long c = 0; c < cin; c++) {
    for (long ky = 0; ky < k; ky++) {
      for (long kx = 0; kx < k; kx++) {
        const float *src = x + c * h * w + ky * w + kx + j0;
        v16 in[4];
        for (int v = 0; v < V; v++) in[v] = load16(src + 16 * v);
        const float *tap = weight + (o0 * cin + c) * kk + ky * k + kx;
        for (int a = 0; a < O; a++) {
          const v16 wv = splat16(tap[a * cin * kk]);
          for (int v = 0; v < V; v++) acc[a][v] += wv * in[v];
        }
      }
    }
  }
  const long end = j0 + 16 * V;
  for (int a = 0; a < O; a++) {
    float tile[64];
    for (int v = 0; v < V; v++) store16(tile + 16 * v, acc[a][v]);
    const float b = bias[o0 + a];
    float *plane = pre + (o0 + a) * ho * wo;
    // The tile's positions row by row: output columns [0, wo) of each grid row it touches.
    for (long oy = j0 / w; oy < ho && oy * w < end; oy++) {
      long first = oy * w > j0 ? oy * w : j0, last = oy * w + wo < end ? oy * w + wo : end;
      for (long j = first; j < last; j++) plane[oy * wo + (j - oy * w)] = tile[j - j0] + b;
    }
  }
}

// All position tiles of O output channels from o0; the last tile is shifted back to end at P.
#define DIRECT_CHANNELS(O, V)                                                                           \
  do {                                                                                             \
    long j = 0;                                                                                    \
    for (; j + 16 * (V) <= P; j += 16 * (V)) direct_tile(O, V, x, cin, h, w, wo, ho, weight, bias, k, o, j, pre); \
    for (; j + 16 <= P; j += 16) direct_tile(O, 1, x, cin, h, w, wo, ho, weight, bias, k, o, j, pre);            \
    if (j < P) direct_tile(O, 1, x, cin, h, w, wo, ho, weight, bias, k, o, P - 16, pre);                          \
    o += (O);                                                                                      \
  } while (0)

CLONES void ck_conv_direct(const float *x, long cin, long h, long w, const float *weight, const float *bias,
                           long cout, long k, float *pre) {
  const long ho = h - k + 1, wo = w - k + 1, P = (ho - 1) * w + wo;
  long o = 0;
  if (wide_registers()) {
    // Up to 8 channels share each input load; 8·3 or 6·4 accumulators fit AVX-512's 32 registers.
    while (o < cout) {
      const long left = cout - o;
      if (left >= 8) DIRECT_CHANNELS(8, 3);
      else if (left >= 6) DIRECT_CHANNELS(6, 4);
      else if (left >= 4) DIRECT_CHANNELS(4, 4);
      else if (left >= 2) DIRECT_CHANNELS(2, 4);
      else DIRECT_CHANNELS(1, 4);
    }
  } else {
    // 16 ymm (or xmm) registers: a v16 takes 2 (or 4), so at most 12 accumulator registers
    // beside the inputs and the broadcast; the AVX-512 tiles would spill to the stack.
    while (o < cout) {
      const long left = cout - o;
      if (left >= 6) DIRECT_CHANNELS(6, 1);
      else if (left >= 4) DIRECT_CHANNELS(4, 1);
      else if (left >= 2) DIRECT_CHANNELS(2, 2);
      else DIRECT_CHANNELS(1, 2);
    }
  }
}

// An 8×8 block transposed through registers: dst[j·ds + i] = src[i·ss + j] + add, for rows
// i < rows of src (the others read as zero) and rows j < cols of dst (the others not stored).
// Unpacks, then pair shuffles, then halves: 24 shuffles for 64 values instead of 64 scalar
// moves; `add` is 0 or a bias, added after the move (exactly what a scalar loop would store).
static inline __attribute__((always_inline)) void transpose8(const float *src, long ss, long rows, float *dst, long ds,
                                                              long cols, float add) {
  v8 r[8];
  for (int i = 0; i < 8; i++) {
    if (i < rows) memcpy(&r[i], src + i * ss, sizeof r[i]);
    else r[i] = (v8){0, 0, 0, 0, 0, 0, 0, 0};
  }
  v8 t[8], u[8], o[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
    t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
  }
  for (int i = 0; i < 8; i += 4) {
    u[i] = __builtin_shufflevector(t[i], t[i + 2], 0, 1, 8, 9, 4, 5, 12, 13);
    u[i + 1] = __builtin_shufflevector(t[i], t[i + 2], 2, 3, 10, 11, 6, 7, 14, 15);
    u[i + 2] = __builtin_shufflevector(t[i + 1], t[i + 3], 0, 1, 8, 9, 4, 5, 12, 13);
    u[i + 3] = __builtin_shufflevector(t[i + 1], t[i + 3], 2, 3, 10, 11, 6, 7, 14, 15);
  }
  for (int j = 0; j < 4; j++) {
    o[j] = __builtin_shufflevector(u[j], u[j + 4], 0, 1, 2, 3, 8, 9, 10, 11);
    o[j + 4] = __builtin_shufflevector(u[j], u[j + 4], 4, 5, 6, 7, 12, 13, 14, 15);
  }
  const v8 b = {add, add, add, add, add, add, add, add};
  for (int j = 0; j < 8; j++) {
    if (j >= cols) break;
    const v8 v = o[j] + b;
    memcpy(dst + j * ds, &v, sizeof v);
  }
}

// Images into lanes: dst (count, 16) from `images` rows of src spaced `stride` apart, each
// `count` floats long; lanes past `images` are zero. 8×8 blocks, then the last positions one by one.
static inline __attribute__((always_inline)) void to_lanes(const float *src, long stride, long images, long count,
                                                            float *dst) {
  long p0 = 0;
  for (; p0 + 8 <= count; p0 += 8)
    for (long l0 = 0; l0 < 16; l0 += 8) transpose8(src + l0 * stride + p0, stride, images - l0, dst + p0 * 16 + l0, 16, 8, 0.0f);
  for (long p = p0; p < count; p++)
    for (long l = 0; l < 16; l++) dst[p * 16 + l] = l < images ? src[l * stride + p] : 0.0f;
}

// Lanes back to images: dst rows spaced `stride` apart get `count` floats each from src
// (count, 16), plus `add` (0 or a bias).
static inline __attribute__((always_inline)) void from_lanes(const float *src, long images, long count, float add,
                                                              float *dst, long stride) {
  long q = 0;
  for (; q + 8 <= count; q += 8)
    for (long l0 = 0; l0 < images; l0 += 8)
      transpose8(src + q * 16 + l0, 16, 8, dst + l0 * stride + q, stride, images - l0, add);
  for (; q < count; q++)
    for (long l = 0; l < images; l++) dst[l * stride + q] = src[q * 16 + l] + add;
}

// XB adjacent outputs of row y of one output channel, 16 images each: the taps of every
// connected input channel in (c, ky, kx) order, as direct_tile sums them. xt is the input with
// the images innermost, (cin, h, w, 16); ot the channel's output, (ho, wo, 16).
static inline __attribute__((always_inline)) void lanes_tile(const int XB, const float *xt, long h, long w, long k,
                                                              const float *wk, const long *conn, long nconn, long y,
                                                              long x0, float *ot, long wo) {
#pragma clang fp contract(fast)
  v16 acc[8];
  for (int b = 0; b < XB; b++) acc[b] = splat16(0.0f);
  for (long i = 0; i < nconn; i++) {
    const long c = conn[i];
    for (long ky = 0; ky < k; ky++) {
      const float *row = xt + ((c * h + y + ky) * w + x0) * 16;
      const float *tap = wk + (c * k + ky) * k;
      for (long kx = 0; kx < k; kx++) {
        const v16 wv = splat16(tap[kx]);
        for (int b = 0; b < XB; b++) acc[b] += wv * load16(row + (b + kx) * 16);
      }
    }
  }
  for (int b = 0; b < XB; b++) store16(ot + (y * wo + x0 + b) * 16, acc[b]);
}

// One output channel's whole (h − k + 1) × (w − k + 1) plane into ot, five outputs a tile:
// 10 of AVX2's 16 ymm registers (2 a vector); the inputs are memory operands.
static inline __attribute__((always_inline)) void lanes_plane(const float *xt, long h, long w, long k,
                                                               const float *wk, const long *conn, long nconn,
                                                               float *ot) {
  const long ho = h - k + 1, wo = w - k + 1;
  for (long y = 0; y < ho; y++) {
    long x0 = 0;
    for (; x0 + 5 <= wo; x0 += 5) lanes_tile(5, xt, h, w, k, wk, conn, nconn, y, x0, ot, wo);
    switch (wo - x0) {
      case 4: lanes_tile(4, xt, h, w, k, wk, conn, nconn, y, x0, ot, wo); break;
      case 3: lanes_tile(3, xt, h, w, k, wk, conn, nconn, y, x0, ot, wo); break;
      case 2: lanes_tile(2, xt, h, w, k, wk, conn, nconn, y, x0, ot, wo); break;
      case 1: lanes_tile(1, xt, h, w, k, wk, conn, nconn, y, x0, ot, wo); break;
      default: break;
    }
  }
}

CLONES void ck_conv_direct_lanes(const float *x, long images, long cin, long h, long w, const float *weight,
                                 const float *bias, long cout, long k, float *pre, float *work) {
  const long ho = h - k + 1, wo = w - k + 1, in = cin * h * w, plane = ho * wo, kk = k * k;
  float *xt = work, *ot = work + 16 * in;
  // Lanes past `images` read zeros (their outputs are never stored).
  to_lanes(x, in, images, in, xt);
  long conn[64];  // the input channels connected to output channel o (cin ≤ 64)
  for (long o = 0; o < cout; o++) {
    const float *wk = weight + o * cin * kk;
    long nconn = 0;
    for (long c = 0; c < cin; c++) {
      int any = 0;
      for (long t = 0; t < kk; t++) any |= wk[c * kk + t] != 0.0f;
      if (any) conn[nconn++] = c;
    }
    lanes_plane(xt, h, w, k, wk, conn, nconn, ot);
    // Lanes back to images (one image's channel o to the next image's is cout·plane apart),
    // plus the bias as ck_conv_direct adds it.
    from_lanes(ot, images, plane, bias[o], pre + o * plane, cout * plane);
  }
}

// dW[o][c][ky][0..K) for one (o, c, ky): K accumulators over the output positions, each the
// lane-wise products of the output gradient and the input under tap (ky, kx), then summed
// across the lanes. dt is channel o's gradient, padded ((ho + 2(K−1)) × wp, 16); xt is
// channel c's input (h, w, 16).
static inline __attribute__((always_inline)) void weight_grad_row(const int K, const float *dt, long wp,
                                                                   const float *xt, long w, long ho, long wo,
                                                                   long ky, float *dw) {
#pragma clang fp contract(fast)
  v16 acc[8];
  for (int kx = 0; kx < K; kx++) acc[kx] = splat16(0.0f);
  for (long y = 0; y < ho; y++) {
    const float *drow = dt + ((y + K - 1) * wp + K - 1) * 16;
    const float *xrow = xt + (y + ky) * w * 16;
    for (long x = 0; x < wo; x++) {
      const v16 d = load16(drow + x * 16);
      for (int kx = 0; kx < K; kx++) acc[kx] += d * load16(xrow + (x + kx) * 16);
    }
  }
  for (int kx = 0; kx < K; kx++) dw[kx] += HSUM16(acc[kx]);
}

long ck_conv_direct_lanes_backward_work(long cin, long cout, long h, long w, long k) {
  const long ho = h - k + 1, wo = w - k + 1, hp = h + k - 1, wp = w + k - 1;
  return 16 * (cin * h * w + cout * hp * wp + ho * wo + h * w) + cin * cout * k * k;
}

// The input gradient is a direct convolution of the zero-padded output gradient with the
// kernels turned 180° and their in/out roles swapped, so it runs on lanes_tile as forward does.
CLONES void ck_conv_direct_lanes_backward(const float *x, const float *dpre, long images, long cin, long h, long w,
                                          const float *weight, const float *mask, long cout, long k, float *dW,
                                          float *db, float *dx, float *work) {
  const long ho = h - k + 1, wo = w - k + 1, hp = h + k - 1, wp = w + k - 1, kk = k * k;
  const long in = cin * h * w, plane = ho * wo, padded = hp * wp;
  float *xt = work;                   // (cin, h, w, 16)
  float *dtp = xt + 16 * in;          // (cout, hp, wp, 16): dpre with k − 1 zeros around
  float *dt = dtp + 16 * cout * padded;  // (ho, wo, 16): one channel's dpre before padding
  float *ot = dt + 16 * plane;        // (h, w, 16): one channel's input gradient
  float *flipped = ot + 16 * h * w;   // (cin, cout, k, k)
  to_lanes(x, in, images, in, xt);
  if (dx) memset(dtp, 0, (size_t)(16 * cout * padded) * sizeof(float));
  for (long o = 0; o < cout; o++) {
    to_lanes(dpre + o * plane, cout * plane, images, plane, dt);
    v16 sum = splat16(0.0f);
    for (long q = 0; q < plane; q++) sum += load16(dt + q * 16);
    db[o] += HSUM16(sum);
    float *dto = dtp + o * padded * 16;
    for (long y = 0; y < ho; y++)
      memcpy(dto + ((y + k - 1) * wp + k - 1) * 16, dt + y * wo * 16, (size_t)(wo * 16) * sizeof(float));
    for (long c = 0; c < cin; c++) {
      if (mask && mask[(o * cin + c) * kk] == 0.0f) continue;
      for (long ky = 0; ky < k; ky++) {
        float *dw = dW + ((o * cin + c) * k + ky) * k;
        const float *xc = xt + c * h * w * 16;
        switch (k) {
          case 1: weight_grad_row(1, dto, wp, xc, w, ho, wo, ky, dw); break;
          case 2: weight_grad_row(2, dto, wp, xc, w, ho, wo, ky, dw); break;
          case 3: weight_grad_row(3, dto, wp, xc, w, ho, wo, ky, dw); break;
          case 4: weight_grad_row(4, dto, wp, xc, w, ho, wo, ky, dw); break;
          case 5: weight_grad_row(5, dto, wp, xc, w, ho, wo, ky, dw); break;
          case 6: weight_grad_row(6, dto, wp, xc, w, ho, wo, ky, dw); break;
          default: weight_grad_row(7, dto, wp, xc, w, ho, wo, ky, dw); break;
        }
      }
    }
  }
  if (!dx) return;
  for (long c = 0; c < cin; c++)
    for (long o = 0; o < cout; o++)
      for (long t = 0; t < kk; t++) flipped[(c * cout + o) * kk + t] = weight[(o * cin + c) * kk + (kk - 1 - t)];
  long conn[64];  // the output channels whose gradient reaches input channel c
  for (long c = 0; c < cin; c++) {
    long nconn = 0;
    for (long o = 0; o < cout; o++)
      if (!mask || mask[(o * cin + c) * kk] != 0.0f) conn[nconn++] = o;
    const float *wk = flipped + c * cout * kk;
    lanes_plane(dtp, hp, wp, k, wk, conn, nconn, ot);
    from_lanes(ot, images, h * w, 0.0f, dx + c * h * w, in);
  }
}

CLONES void ck_subsample_forward(const float *x, long planes, long channels, long h, long w, long k,
                                 const float *coefficient, const float *bias, float *sums, float *pre) {
  const long oh = h / k, ow = w / k;
  for (long p = 0; p < planes; p++) {
    const float *src = x + p * h * w;
    float *s = sums + p * oh * ow, *z = pre + p * oh * ow;
    const float c = coefficient[p % channels], b = bias[p % channels];
    if (k == 2 && ow >= 8) {
      // Eight outputs at once: 16 floats of each of the block's two rows, split into their
      // even and odd columns, summed in the scalar order below. A row's last eight outputs
      // start at ow − 8, overlapping the previous eight when 8 does not divide ow (they are
      // computed again, to the same values).
      const v8 cv = {c, c, c, c, c, c, c, c}, bv = {b, b, b, b, b, b, b, b}, zero = {0, 0, 0, 0, 0, 0, 0, 0};
      for (long oy = 0; oy < oh; oy++) {
        const float *r = src + 2 * oy * w;
        for (long ox = 0;; ox += 8) {
          if (ox > ow - 8) ox = ow - 8;
          const v16 top = load16(r + 2 * ox), bottom = load16(r + w + 2 * ox);
          const v8 sum = (((zero + __builtin_shufflevector(top, top, 0, 2, 4, 6, 8, 10, 12, 14))
                           + __builtin_shufflevector(top, top, 1, 3, 5, 7, 9, 11, 13, 15))
                          + __builtin_shufflevector(bottom, bottom, 0, 2, 4, 6, 8, 10, 12, 14))
                         + __builtin_shufflevector(bottom, bottom, 1, 3, 5, 7, 9, 11, 13, 15);
          const v8 zv = cv * sum + bv;
          memcpy(s + oy * ow + ox, &sum, sizeof sum);
          memcpy(z + oy * ow + ox, &zv, sizeof zv);
          if (ox == ow - 8) break;
        }
      }
      continue;
    }
    for (long oy = 0; oy < oh; oy++) {
      for (long ox = 0; ox < ow; ox++) {
        // Row by row from zero, as Subsampling's Swift loop summed them.
        float sum = 0.0f;
        if (k == 2) {
          const float *r = src + 2 * oy * w + 2 * ox;
          sum = (((sum + r[0]) + r[1]) + r[w]) + r[w + 1];
        } else {
          for (long ky = 0; ky < k; ky++)
            for (long kx = 0; kx < k; kx++) sum += src[(oy * k + ky) * w + ox * k + kx];
        }
        s[oy * ow + ox] = sum;
        z[oy * ow + ox] = c * sum + b;
      }
    }
  }
}

CLONES void ck_subsample_backward(const float *dpre, const float *sums, long planes, long channels, long h, long w,
                                  long k, const float *coefficient, float *dcoefficient, float *dbias, float *dx) {
  const long oh = h / k, ow = w / k, hw = oh * ow;
  for (long p = 0; p < planes; p++) {
    const float *g = dpre + p * hw, *s = sums + p * hw;
    const long ch = p % channels;
    float dc = 0.0f, db = 0.0f;
    for (long i = 0; i < hw; i++) {
      dc += g[i] * s[i];
      db += g[i];
    }
    dcoefficient[ch] += dc;
    dbias[ch] += db;
    if (!dx) continue;
    // Every input of a block gets the block's gradient times the coefficient (windows tile
    // the map; rows and columns past the last whole block get none).
    float *dst = dx + p * h * w;
    const float c = coefficient[ch];
    for (long oy = 0; oy < oh; oy++) {
      for (long ky = 0; ky < k; ky++) {
        float *row = dst + (oy * k + ky) * w;
        for (long ox = 0; ox < ow; ox++) {
          const float d = g[oy * ow + ox] * c;
          for (long kx = 0; kx < k; kx++) row[ox * k + kx] = d;
        }
        for (long xx = ow * k; xx < w; xx++) row[xx] = 0.0f;
      }
    }
    for (long y = oh * k; y < h; y++)
      for (long xx = 0; xx < w; xx++) dst[y * w + xx] = 0.0f;
  }
}

// s^(−beta) of 16 lanes: the paper's beta = 0.75 as 1/(r·√r) with r = √s, in vector registers
// (lrn_pow below is the same for one value, for a plane's tail); any other beta by powf.
#define LRN_POW16(s, beta)                                                                         \
  ({                                                                                               \
    v16 s_ = (s), r_;                                                                              \
    if ((beta) == 0.75f) {                                                                         \
      v16 q_ = __builtin_elementwise_sqrt(s_);                                                     \
      r_ = splat16(1.0f) / (q_ * __builtin_elementwise_sqrt(q_));                                  \
    } else {                                                                                       \
      for (int l_ = 0; l_ < 16; l_++) r_[l_] = powf(s_[l_], -(beta));                              \
    }                                                                                              \
    r_;                                                                                            \
  })

// The channels j summed for channel i: [max(0, i − size/2), min(c − 1, i + size/2)], as
// `LocalResponseNorm.window(of:)` gives them to the inspector.
static inline void lrn_window(long i, long c, long size, long *j0, long *j1) {
  *j0 = i - size / 2 < 0 ? 0 : i - size / 2;
  *j1 = i + size / 2 > c - 1 ? c - 1 : i + size / 2;
}

static inline float lrn_pow(float s, float beta) {
  if (beta == 0.75f) {
    float r = sqrtf(s);
    return 1.0f / (r * sqrtf(r));
  }
  return powf(s, -beta);
}

// Each plane's positions go 16 at a time through all the window's channels, so the sum stays
// in a register and every input is read from cache once per window it falls in.
CLONES void ck_lrn_forward(const float *x, long c, long hw, long size, float k, float alpha, float beta, float *scale,
                           float *out, long p0, long p1) {
  for (long p = p0; p < p1; p++) {
    const long i = p % c;
    long j0, j1;
    lrn_window(i, c, size, &j0, &j1);
    const float *a = x + (p - i) * hw, *ai = x + p * hw;
    float *si = scale + p * hw, *bi = out + p * hw;
    long q = 0;
    for (; q + 16 <= hw; q += 16) {
      v16 sum = splat16(0.0f);
      for (long j = j0; j <= j1; j++) {
        const v16 v = load16(a + j * hw + q);
        sum = sum + v * v;
      }
      sum = splat16(k) + splat16(alpha) * sum;
      store16(si + q, sum);
      store16(bi + q, load16(ai + q) * LRN_POW16(sum, beta));
    }
    for (; q < hw; q++) {
      float sum = 0.0f;
      for (long j = j0; j <= j1; j++) sum += a[j * hw + q] * a[j * hw + q];
      sum = k + alpha * sum;
      si[q] = sum;
      bi[q] = ai[q] * lrn_pow(sum, beta);
    }
  }
}

CLONES void ck_lrn_ratio(const float *dout, const float *out, const float *scale, float *t, long count) {
  for (long q = 0; q < count; q++) t[q] = dout[q] * out[q] / scale[q];
}

CLONES void ck_lrn_backward(const float *x, const float *dout, const float *scale, const float *t, long c, long hw,
                            long size, float alpha, float beta, float *dx, long p0, long p1) {
  const float coef = 2.0f * alpha * beta;
  for (long p = p0; p < p1; p++) {
    const long i = p % c;
    long j0, j1;
    lrn_window(i, c, size, &j0, &j1);
    const float *ai = x + p * hw, *g = dout + p * hw, *si = scale + p * hw, *ts = t + (p - i) * hw;
    float *d = dx + p * hw;
    long q = 0;
    for (; q + 16 <= hw; q += 16) {
      v16 acc = load16(g + q) * LRN_POW16(load16(si + q), beta);
      const v16 ca = splat16(coef) * load16(ai + q);
      for (long j = j0; j <= j1; j++) acc = acc - ca * load16(ts + j * hw + q);
      store16(d + q, acc);
    }
    for (; q < hw; q++) {
      float acc = g[q] * lrn_pow(si[q], beta);
      const float ca = coef * ai[q];
      for (long j = j0; j <= j1; j++) acc -= ca * ts[j * hw + q];
      d[q] = acc;
    }
  }
}

CLONES void ck_sgd_step(float *w, float *g, float *v, long count, float rate, float momentum, float decay,
                        int clear) {
  for (long i = 0; i < count; i++) {
    v[i] = momentum * v[i] - rate * (decay * w[i] + g[i]);
    w[i] = w[i] + v[i];
    // Zeroed while its line is in cache from the read above: one pass instead of a second
    // (a 244 MB memset a step for AlexNet, on one core). The compiler hoists the test.
    if (clear) g[i] = 0.0f;
  }
}

// Eight outputs of a row at once for strides 1 and 2 (AlexNet's 3×3/2, LeNet's 2×2/2): each tap
// is one load (stride 2: 16 floats, the even lanes kept), compared and blended in (ky, kx)
// order exactly as the scalar loop; the rest of the row, and other strides, go one by one.
CLONES void ck_max_pool_forward(const float *x, long planes, long h, long w, long k, long s, long oh, long ow,
                                float *out, int32_t *argmax) {
  for (long p = 0; p < planes; p++) {
    const float *src = x + p * h * w;
    float *dst = out + p * oh * ow;
    int32_t *am = argmax + p * oh * ow;
    for (long oy = 0; oy < oh; oy++) {
      const long y0 = oy * s;
      long ox = 0;
      if (s == 1 || s == 2) {
        const v8i lane = (v8i){0, 1, 2, 3, 4, 5, 6, 7} * (int32_t)s;  // the 8 windows' offsets
        // Stride 2 reads 16 floats from a window's column kx: keep inside the row.
        for (; (ox + 8) * s + (k - 1) + (s == 2 ? 1 : 0) <= w; ox += 8) {
          v8 best = {0}, cand = {0};
          v8i idx = {0};
          for (long ky = 0; ky < k; ky++) {
            for (long kx = 0; kx < k; kx++) {
              const long at = (y0 + ky) * w + ox * s + kx;
              if (s == 1) {
                memcpy(&cand, src + at, sizeof cand);
              } else {
                v16 pair = load16(src + at);
                cand = __builtin_shufflevector(pair, pair, 0, 2, 4, 6, 8, 10, 12, 14);
              }
              const v8i where = lane + (int32_t)at;
              if (ky == 0 && kx == 0) {
                best = cand;
                idx = where;
                continue;
              }
              const v8i wins = (v8i)(cand > best);
              best = (v8)(((v8i)cand & wins) | ((v8i)best & ~wins));
              idx = (where & wins) | (idx & ~wins);
            }
          }
          memcpy(dst + oy * ow + ox, &best, sizeof best);
          memcpy(am + oy * ow + ox, &idx, sizeof idx);
        }
      }
      for (; ox < ow; ox++) {
        const long x0 = ox * s;
        float best = src[y0 * w + x0];
        long bestIndex = y0 * w + x0;
        for (long ky = 0; ky < k; ky++) {
          for (long kx = 0; kx < k; kx++) {
            const long i = (y0 + ky) * w + x0 + kx;
            if (src[i] > best) {
              best = src[i];
              bestIndex = i;
            }
          }
        }
        dst[oy * ow + ox] = best;
        am[oy * ow + ox] = (int32_t)bestIndex;
      }
    }
  }
}

CLONES void ck_gemv(const float *w, const float *x, long n, long rows, float *y) {
  // Separate multiplies and adds (no FMA), so every CPU build gives the same bits: the rate is
  // set by memory, not arithmetic, and Explore's numbers (LeNet's F6) then read the same on
  // every machine and in the sanitizer builds, which run the baseline code.
  long o = 0;
  for (; o + 4 <= rows; o += 4) {
    const float *w0 = w + o * n, *w1 = w0 + n, *w2 = w1 + n, *w3 = w2 + n;
    v16 a0 = splat16(0.0f), a1 = a0, a2 = a0, a3 = a0;
    long i = 0;
    for (; i + 16 <= n; i += 16) {
      const v16 xv = load16(x + i);
      a0 += load16(w0 + i) * xv;
      a1 += load16(w1 + i) * xv;
      a2 += load16(w2 + i) * xv;
      a3 += load16(w3 + i) * xv;
    }
    float r0 = HSUM16(a0), r1 = HSUM16(a1), r2 = HSUM16(a2), r3 = HSUM16(a3);
    for (; i < n; i++) {
      r0 += w0[i] * x[i];
      r1 += w1[i] * x[i];
      r2 += w2[i] * x[i];
      r3 += w3[i] * x[i];
    }
    y[o] = r0;
    y[o + 1] = r1;
    y[o + 2] = r2;
    y[o + 3] = r3;
  }
  for (; o < rows; o++) {
    const float *wr = w + o * n;
    v16 a = splat16(0.0f);
    long i = 0;
    for (; i + 16 <= n; i += 16) a += load16(wr + i) * load16(x + i);
    float r = HSUM16(a);
    for (; i < n; i++) r += wr[i] * x[i];
    y[o] = r;
  }
}

// Transposes the 16×16 tile held in r[0..15] (r[i][j] → r[j][i]) in place: four rounds of
// interleaving rows i and i + 8 into rows 2i and 2i + 1, each round a perfect shuffle of the
// index bits (one two-source permute per output row on AVX-512).
#define TRANSPOSE16(r)                                                                             \
  do {                                                                                             \
    for (int round_ = 0; round_ < 4; round_++) {                                                   \
      v16 t_[16];                                                                                  \
      _Pragma("clang loop unroll(full)") for (int i_ = 0; i_ < 8; i_++) {                          \
        t_[2 * i_] = __builtin_shufflevector(r[i_], r[i_ + 8], 0, 16, 1, 17, 2, 18, 3, 19, 4, 20,   \
                                             5, 21, 6, 22, 7, 23);                                 \
        t_[2 * i_ + 1] = __builtin_shufflevector(r[i_], r[i_ + 8], 8, 24, 9, 25, 10, 26, 11, 27,    \
                                                 12, 28, 13, 29, 14, 30, 15, 31);                  \
      }                                                                                            \
      _Pragma("clang loop unroll(full)") for (int i_ = 0; i_ < 16; i_++) r[i_] = t_[i_];          \
    }                                                                                              \
  } while (0)

CLONES void ck_transpose(const float *src, long sstride, long rows, long cols, long taps, float *dst,
                         long dstride) {
  long groups = cols / taps;
  // A band of 16 source rows at a time, left to right: 16 read streams the prefetchers can
  // follow (at batch 1 the weights come from memory: the fully connected layers' weights have
  // pushed them out of cache), with a software prefetch 512 bytes ahead of each.
  for (long i0 = 0; i0 < rows; i0 += 16) {
    long ni = rows - i0 < 16 ? rows - i0 : 16;
    for (long j0 = 0; j0 < cols; j0 += 16) {
      long nj = cols - j0 < 16 ? cols - j0 : 16;
      const float *s = src + i0 * sstride + j0;
      // Where each of the tile's columns goes: row (j mod taps)·(cols/taps) + j div taps.
      float *d[16];
      for (int b = 0; b < nj; b++) d[b] = dst + ((j0 + b) % taps * groups + (j0 + b) / taps) * dstride + i0;
      v16 r[16];
      if (ni == 16 && nj == 16) {
        _Pragma("clang loop unroll(full)") for (int a = 0; a < 16; a++) {
          __builtin_prefetch(s + a * sstride + 128);
          r[a] = load16(s + a * sstride);
        }
        TRANSPOSE16(r);
        _Pragma("clang loop unroll(full)") for (int b = 0; b < 16; b++) store16(d[b], r[b]);
      } else {
        // An edge tile: only its ni×nj values are read and written (the rest of the tile is
        // zeros that go nowhere), so no row is read or written past its end.
        for (int a = 0; a < 16; a++) {
          r[a] = (v16){0};
          if (a < ni) memcpy(&r[a], s + a * sstride, (size_t)nj * sizeof(float));
        }
        TRANSPOSE16(r);
        for (int b = 0; b < nj; b++) memcpy(d[b], &r[b], (size_t)ni * sizeof(float));
      }
    }
  }
}
