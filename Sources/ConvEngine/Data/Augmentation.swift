/// AlexNet's training-time augmentation [Krizhevsky 2012 §4.1], each part switchable:
/// a random `size`×`size` crop, a horizontal flip with probability ½, and PCA colour noise.
///
/// Everything random comes from the caller's `SplitMix64`, drawn in a fixed order (crop
/// offsets, flip, colour weights, each only when enabled), so a seed reproduces the output.
public struct Augmentation: Sendable {
  /// Take the crop at a random position (otherwise from the centre).
  public var randomCrop: Bool
  /// Mirror the crop left to right with probability ½.
  public var flip: Bool
  /// Add PCA colour noise with these components (`nil`: off).
  public var pcaColor: PCAColor?

  public init(randomCrop: Bool = true, flip: Bool = true, pcaColor: PCAColor? = .imageNet) {
    self.randomCrop = randomCrop
    self.flip = flip
    self.pcaColor = pcaColor
  }

  /// All three, with the ImageNet colour statistics: the paper's recipe.
  public static let alexNet = Augmentation(randomCrop: true, flip: true, pcaColor: .imageNet)
  /// All off: a centre crop, the same view as evaluation.
  public static let off = Augmentation(randomCrop: false, flip: false, pcaColor: nil)

  /// One augmented `size`×`size` RGB training view of `image`.
  ///
  /// Where the crop comes from: an image whose shorter side is between `size` and
  /// `ImagePreprocessing.shorterSide(forCrop:)` (256 for crops up to 256) is cropped as it is,
  /// without resampling (e.g. 224 crops from a 227×227 sample); any other image is first resized
  /// so that its shorter side is that length, as in the paper's 256×256 → 224×224 crops.
  public func apply(to image: RGBImage, size: Int, rng: inout SplitMix64) -> RGBImage {
    // `size` is a model's input side, which `ModelSpec.row` has checked (conv1 must fit it).
    precondition(size > 0, "crop size \(size)")
    let rgb = image.grayscaleToRGB()
    let side = ImagePreprocessing.shorterSide(forCrop: size)
    let shorter = min(rgb.width, rgb.height)
    let base = (shorter >= size && shorter <= side) ? rgb : rgb.resizedShorterSide(to: side)

    var out: RGBImage
    if randomCrop {
      let x = Self.randomOffset(base.width - size, &rng)
      let y = Self.randomOffset(base.height - size, &rng)
      out = base.cropped(x: x, y: y, width: size, height: size)
    } else {
      out = base.centreCropped(width: size, height: size)
    }
    if flip && rng.nextUnitFloat() < 0.5 {
      out = out.flippedHorizontally()
    }
    if let pcaColor {
      out = pcaColor.apply(to: out, rng: &rng)
    }
    return out
  }

  /// Uniform in 0…`range` (no draw when there is no choice).
  private static func randomOffset(_ range: Int, _ rng: inout SplitMix64) -> Int {
    range <= 0 ? 0 : Int(rng.next() % UInt64(range + 1))
  }
}

/// PCA colour augmentation ("fancy PCA") [Krizhevsky 2012 §4.1]: to every pixel of an image add
/// Σᵢ αᵢ λᵢ pᵢ, where pᵢ, λᵢ are the eigenvectors and eigenvalues of the 3×3 covariance of RGB
/// values and αᵢ ~ N(0, σ²) is drawn once per image (σ = 0.1 in the paper). It shifts the whole
/// image along the directions in which natural colours vary, mostly brightness.
///
/// Values are for RGB scaled to [0, 1]; the shift is applied to bytes as 255 × that.
public struct PCAColor: Sendable, Equatable {
  /// λᵢ, largest first.
  public var eigenvalues: [Float]
  /// pᵢ as (r, g, b) unit vectors, in the order of `eigenvalues`. Their signs are arbitrary
  /// (αᵢ is symmetric about 0, so a flipped vector gives the same distribution).
  public var eigenvectors: [[Float]]
  /// σ of the weights αᵢ.
  public var alphaStd: Float

  public init(eigenvalues: [Float], eigenvectors: [[Float]], alphaStd: Float = 0.1) {
    // Built in code or from a checkpoint whose 13 numbers the reader counted first.
    precondition(eigenvalues.count == 3 && eigenvectors.count == 3 && eigenvectors.allSatisfy { $0.count == 3 },
                 "PCA colour needs 3 eigenvalues and 3 eigenvectors of 3 components")
    self.eigenvalues = eigenvalues
    self.eigenvectors = eigenvectors
    self.alphaStd = alphaStd
  }

  /// The ImageNet statistics from fb.resnet.torch (the `pca` table in `datasets/imagenet.lua`,
  /// "computed from random subset of ImageNet training images", used by `Lighting` in
  /// `datasets/transforms.lua`), for RGB in [0, 1]. `Lighting` adds Σⱼ eigvec[c][j]·αⱼ·eigval[j]
  /// to channel c, so the eigenvectors are the columns of this matrix (rows are R, G, B):
  ///
  ///     eigval = { 0.2175, 0.0188, 0.0045 }
  ///     eigvec = { { -0.5675,  0.7192,  0.4009 },
  ///                { -0.5808, -0.0045, -0.8140 },
  ///                { -0.5836, -0.6948,  0.4203 } }
  ///
  /// so p₁ = (−0.5675, −0.5808, −0.5836), the brightness direction, and so on.
  public static let imageNet = PCAColor(
    eigenvalues: [0.2175, 0.0188, 0.0045],
    eigenvectors: [[-0.5675, -0.5808, -0.5836],
                   [0.7192, -0.0045, -0.6948],
                   [0.4009, -0.8140, 0.4203]])

  /// Fits the components to `images`: the covariance of all their pixels' RGB values in [0, 1]
  /// (gray images count as R = G = B) and its eigen-decomposition.
  public static func fit(images: [RGBImage], alphaStd: Float = 0.1) -> PCAColor {
    var n = 0.0
    var sum = [Double](repeating: 0, count: 3)
    var products = [Double](repeating: 0, count: 9)
    for image in images {
      // Integer sums per image are exact and much faster than Double ones in a debug build.
      var s = [Int](repeating: 0, count: 3)
      var pp = [Int](repeating: 0, count: 9)
      image.pixels.withUnsafeBufferPointer { px in
        let c = image.channels
        for p in 0..<(image.width * image.height) {
          let r = Int(px[p * c]), g = Int(px[p * c + (c == 3 ? 1 : 0)]), b = Int(px[p * c + (c == 3 ? 2 : 0)])
          s[0] += r; s[1] += g; s[2] += b
          pp[0] += r * r; pp[1] += r * g; pp[2] += r * b
          pp[4] += g * g; pp[5] += g * b; pp[8] += b * b
        }
      }
      n += Double(image.width * image.height)
      for i in 0..<3 { sum[i] += Double(s[i]) / 255 }
      for i in 0..<9 { products[i] += Double(pp[i]) / (255 * 255) }
    }
    guard n > 1 else {
      return PCAColor(eigenvalues: [0, 0, 0], eigenvectors: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], alphaStd: alphaStd)
    }
    var covariance = [[Double]](repeating: [0, 0, 0], count: 3)
    for i in 0..<3 {
      for j in i..<3 {
        let value = (products[i * 3 + j] - sum[i] * sum[j] / n) / (n - 1)
        covariance[i][j] = value
        covariance[j][i] = value
      }
    }
    let (values, vectors) = eigenDecomposition(symmetric: covariance)
    return PCAColor(eigenvalues: values.map { Float(max($0, 0)) },
                    eigenvectors: vectors.map { $0.map(Float.init) }, alphaStd: alphaStd)
  }

  /// The RGB shift Σᵢ αᵢ λᵢ pᵢ for given weights, in [0, 1] units.
  public func shift(alphas: [Float]) -> [Float] {
    // The alphas are drawn here, three at a time; never input.
    precondition(alphas.count == 3, "3 weights")
    var rgb: [Float] = [0, 0, 0]
    for i in 0..<3 {
      for c in 0..<3 { rgb[c] += alphas[i] * eigenvalues[i] * eigenvectors[i][c] }
    }
    return rgb
  }

  /// `image` (made RGB) with the shift for `alphas` added to every pixel, rounded and clamped.
  public func apply(to image: RGBImage, alphas: [Float]) -> RGBImage {
    var out = image.grayscaleToRGB()
    let offset = shift(alphas: alphas).map { $0 * 255 }
    out.pixels.withUnsafeMutableBufferPointer { px in
      for i in 0..<px.count {
        px[i] = UInt8(clamping: Int((Float(px[i]) + offset[i % 3]).rounded()))
      }
    }
    return out
  }

  /// `image` with fresh weights αᵢ ~ N(0, alphaStd²) drawn from `rng`.
  public func apply(to image: RGBImage, rng: inout SplitMix64) -> RGBImage {
    let alphas = (0..<3).map { _ in rng.normal() * alphaStd }
    return apply(to: image, alphas: alphas)
  }
}

extension PCAColor {
  /// Eigenvalues (descending) and unit eigenvectors of a symmetric 3×3 matrix by cyclic Jacobi
  /// rotations, which converge quickly and stay accurate for such small matrices.
  static func eigenDecomposition(symmetric matrix: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
    var a = matrix
    var v: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]  // columns become the eigenvectors
    for _ in 0..<50 {
      let off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2]
      if off < 1e-30 { break }
      for (p, q) in [(0, 1), (0, 2), (1, 2)] where a[p][q] != 0 {
        // The rotation angle that zeroes a[p][q] (Golub & Van Loan's symmetric Schur step).
        let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot(), s = t * c
        for k in 0..<3 {  // a ← a·J
          let akp = a[k][p], akq = a[k][q]
          a[k][p] = c * akp - s * akq
          a[k][q] = s * akp + c * akq
        }
        for k in 0..<3 {  // a ← Jᵀ·a
          let apk = a[p][k], aqk = a[q][k]
          a[p][k] = c * apk - s * aqk
          a[q][k] = s * apk + c * aqk
        }
        for k in 0..<3 {  // v ← v·J
          let vkp = v[k][p], vkq = v[k][q]
          v[k][p] = c * vkp - s * vkq
          v[k][q] = s * vkp + c * vkq
        }
      }
    }
    let order = [0, 1, 2].sorted { a[$0][$0] > a[$1][$1] }
    let values = order.map { a[$0][$0] }
    let vectors: [[Double]] = order.map { j in
      let column = [v[0][j], v[1][j], v[2][j]]
      // A fixed sign convention so fits are reproducible: components sum to ≥ 0.
      return column.reduce(0, +) < 0 ? column.map { -$0 } : column
    }
    return (values, vectors)
  }
}
