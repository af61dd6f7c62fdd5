// Vectorised inner loops of the engine that Swift cannot compile for the CPU it runs on.
//
// Swift builds for the baseline x86-64 (SSE2, 4 floats a vector) with no per-function CPU
// targets; these loops are compiled three times (AVX-512, AVX2 with FMA, baseline) and the
// loader picks the widest the CPU has (GNU ifunc via target_clones). Contraction into FMA is off, so every
// result is the same IEEE operation sequence as the Swift reference code beside it
// (`FastMath`, `Activation.apply`), bit for bit, on every CPU; only the direct convolutions,
// which have no such reference, fuse their multiply-adds.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

/// Activation kinds, in `Activation`'s order.
enum {
  CK_IDENTITY = 0,
  CK_RELU = 1,
  CK_TANH = 2,
  CK_SCALED_TANH = 3,
  CK_SIGMOID = 4,
};

/// out[i] = f(pre[i]).
void ck_activation_forward(int kind, const float *pre, float *out, long count);

/// dpre[i] = dout[i]·f'(pre[i]), written from the saved output `out`.
void ck_activation_backward(int kind, const float *out, const float *dout, float *dpre, long count);

/// Im2col for one (input channel c, kernel row ky) pair of one group: fills the k rows
/// (c·k + ky)·k + kx of `col` (rows of n·out_h·out_w columns) from channel channel_offset + c of
/// x (n, cin, h, w); padding reads as zero. See `Im2col.lower`.
void ck_im2col(const float *x, long n, long cin, long h, long w, long channel_offset, long k, long stride, long pad,
               long out_h, long out_w, long c, long ky, float *col);

/// For output channels o in [o0, o1): pre (n, cout, hw) = tmp (cout, cols) rearranged to NCHW
/// plus bias[o], and out = f(pre), in one pass.
void ck_bias_activation(int kind, const float *tmp, long cols, const float *bias, float *pre, float *out,
                        long cout, long n, long hw, long o0, long o1);

/// For output channels o in [o0, o1): dtmp (cout, cols) = dpre (n, cout, hw) rearranged to
/// channel-major, and dbias[o] += Σ dpre over the batch and the plane (a fixed summation order).
void ck_gather_channels(const float *dpre, float *dtmp, long cols, float *dbias, long cout, long n, long hw,
                        long o0, long o1);

/// Direct convolution of one image, stride 1 and no padding: pre (cout, h−k+1, w−k+1) = x (cin, h, w)
/// correlated with weight (cout, cin, k, k), plus bias[o]. Needs (h−k)·w + (w−k+1) ≥ 16 (one
/// vector of output positions). For small maps (LeNet's), where im2col's copies cost more than
/// the products: the image stays in L1 and each input load feeds up to 8 output channels.
void ck_conv_direct(const float *x, long cin, long h, long w, const float *weight, const float *bias, long cout,
                    long k, float *pre);

/// The same convolution for `images` ≤ 16 consecutive images x (images, cin, h, w) into pre
/// (images, cout, h−k+1, w−k+1), computed with the 16 images in a vector's lanes: every lane
/// computes a wanted output (none past a row's end), and an input channel whose k×k weights
/// are all zero for an output channel is skipped (C3's connection table). Each output sums the
/// same products in the same order as `ck_conv_direct`, so for finite inputs the two agree bit
/// for bit. Needs cin ≤ 64; `work` holds 16·(cin·h·w + (h−k+1)·(w−k+1)) floats.
void ck_conv_direct_lanes(const float *x, long images, long cin, long h, long w, const float *weight,
                          const float *bias, long cout, long k, float *pre, float *work);

/// The gradients of that convolution for `images` ≤ 16 consecutive images, the images again
/// in the lanes: dW (cout, cin, k, k) and db (cout) gain this group's sums, and when `dx` is
/// not NULL, dx (images, cin, h, w) is set to the input gradient. dpre (images, cout, h−k+1,
/// w−k+1) is the gradient at the pre-activation. `mask` (cout·cin·k·k, or NULL) marks the
/// connected kernels (C3's table): an unconnected pair gets no weight gradient and carries no
/// input gradient. Needs cin, cout ≤ 64 and k ≤ 7; `work` holds
/// `ck_conv_direct_lanes_backward_work(cin, cout, h, w, k)` floats.
void ck_conv_direct_lanes_backward(const float *x, const float *dpre, long images, long cin, long h, long w,
                                   const float *weight, const float *mask, long cout, long k, float *dW, float *db,
                                   float *dx, float *work);
long ck_conv_direct_lanes_backward_work(long cin, long cout, long h, long w, long k);

/// LeNet-5's sub-sampling forward for `planes` maps x (planes, h, w) of `channels` channels each
/// image: sums (planes, h/k, w/k) = Σ of each k×k block, pre = coefficient[ch]·sum + bias[ch].
void ck_subsample_forward(const float *x, long planes, long channels, long h, long w, long k,
                          const float *coefficient, const float *bias, float *sums, float *pre);

/// Its backward: dcoefficient[ch] += Σ dpre·sums and dbias[ch] += Σ dpre over each plane (in
/// plane order); when dx is not NULL, dx (planes, h, w) = dpre of the block · coefficient[ch].
void ck_subsample_backward(const float *dpre, const float *sums, long planes, long channels, long h, long w,
                           long k, const float *coefficient, float *dcoefficient, float *dbias, float *dx);

/// Local response normalisation across channels for the planes p in [p0, p1) of x (n, c, hw),
/// p = sample·c + channel i: scale (n, c, hw) = k + alpha·Σ a_j² over j in
/// [max(0, i − size/2), min(c − 1, i + size/2)] (summed from zero in j order), and
/// out = a·scale^(−beta), with s^(−0.75) as 1/(√s·√√s). `LocalResponseNorm.forward`.
void ck_lrn_forward(const float *x, long c, long hw, long size, float k, float alpha, float beta, float *scale,
                    float *out, long p0, long p1);

/// Its backward for the planes in [p0, p1), given t = dout·out/scale over every plane of the
/// samples involved (`ck_lrn_ratio`): dx = dout·scale^(−beta) − Σ_j (2·alpha·beta·a)·t_j over
/// the same window, subtracted in j order.
void ck_lrn_backward(const float *x, const float *dout, const float *scale, const float *t, long c, long hw,
                     long size, float alpha, float beta, float *dx, long p0, long p1);

/// t[q] = dout[q]·out[q]/scale[q] for q in [0, count).
void ck_lrn_ratio(const float *dout, const float *out, const float *scale, float *t, long count);

/// One SGD step with momentum and weight decay on count values (`SGD.step`):
/// v = momentum·v − rate·(decay·w + g), then w = w + v; and g = 0 when `clear` is nonzero.
void ck_sgd_step(float *w, float *g, float *v, long count, float rate, float momentum, float decay, int clear);

/// Max pooling of `planes` maps x (planes, h, w) over k×k windows moved by s: out (planes, oh, ow)
/// and argmax (planes, oh, ow), the index within its plane of each window's first largest
/// value in (ky, kx) order (a later value wins only if strictly greater, so a NaN first value
/// stays). `Pool2D.forward`.
void ck_max_pool_forward(const float *x, long planes, long h, long w, long k, long s, long oh, long ow, float *out,
                         int32_t *argmax);

/// y[o] = Σ_i w[o·n + i]·x[i] for o in [0, rows): a fully connected layer at batch 1, where
/// every weight is read once and memory bandwidth is the limit. Rows go four at a time (one
/// load of x feeds four weight streams); each row's sum is split over 16 lanes and reduced in a
/// fixed order, so it does not depend on how rows are shared among threads or on the CPU.
void ck_gemv(const float *w, const float *x, long n, long rows, float *y);

/// dst[row(j)·dstride + i] = src[i·sstride + j] for i in [0, rows), j in [0, cols), where
/// row(j) = (j mod taps)·(cols/taps) + j div taps: a matrix transposed 16×16 values at a time
/// in registers, its columns regrouped by tap (taps = 1: a plain transpose). The engine's
/// copies into oneDNN's layouts (`LayoutCopy`): NCHW ↔ channels-last with taps = 1, and a
/// block of output channels' [I, K·K] weights into [K·K, I, block] with taps = K·K.
void ck_transpose(const float *src, long sstride, long rows, long cols, long taps, float *dst, long dstride);

/// Whether `ck_team_for` may be used (not under ThreadSanitizer).
int ck_team_available(void);

/// Calls body(context, i) for i in [0, count) on a team of `threads` OpenMP threads, the
/// calling thread among them, handing out indices one at a time; returns when all are done.
void ck_team_for(long count, int threads, void (*body)(void *, long), void *context);

#endif
