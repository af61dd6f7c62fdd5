import Foundation

/// Owns one 64-byte-aligned block of Float32 memory.
///
/// Layers keep their output and gradient buffers in these and reuse them from step to step:
/// on this machine first-touching fresh pages costs more than the arithmetic of a LeNet step.
public final class TensorStorage: @unchecked Sendable {
  /// Start of the block; valid for `capacity` floats.
  public let pointer: UnsafeMutablePointer<Float>
  public let capacity: Int

  public init(capacity: Int) {
    self.capacity = capacity
    let bytes = max(capacity, 1) * MemoryLayout<Float>.stride
    var raw: UnsafeMutableRawPointer?
    // posix_memalign only fails when out of memory; there is no way on from there.
    guard posix_memalign(&raw, 64, bytes) == 0, let raw else { fatalError("out of memory allocating \(bytes) bytes") }
    pointer = raw.bindMemory(to: Float.self, capacity: max(capacity, 1))
    pointer.initialize(repeating: 0, count: max(capacity, 1))
  }

  deinit { free(pointer) }
}

/// An NCHW float tensor: a shape plus a reference to storage (copying a Tensor shares storage).
public struct Tensor: @unchecked Sendable {
  public var shape: Shape
  public let storage: TensorStorage

  /// A zero-filled tensor with fresh storage.
  public init(zeros shape: Shape) {
    self.shape = shape
    self.storage = TensorStorage(capacity: shape.count)
  }

  /// A tensor holding a copy of `values`.
  public init(shape: Shape, values: [Float]) {
    // `SafeTensors.read` checks each tensor's byte count against its shape, and
    // `InputSource` its shape against the model's, before a file's values get here.
    precondition(values.count == shape.count, "\(values.count) values for shape \(shape)")
    self.init(zeros: shape)
    values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: values.count) }
  }

  /// A view of the same storage with another shape of no more elements.
  public init(viewing storage: TensorStorage, as shape: Shape) {
    // Workspaces and `reshaped` size their views themselves: an engine invariant.
    precondition(shape.count <= storage.capacity)
    self.shape = shape
    self.storage = storage
  }

  public var pointer: UnsafeMutablePointer<Float> { storage.pointer }
  public var count: Int { shape.count }

  /// The same storage seen with another shape of the same element count.
  public func reshaped(_ shape: Shape) -> Tensor {
    // Only Flatten reshapes, between shapes `LayerKind.outputShape` made to match.
    precondition(shape.count == self.shape.count, "cannot reshape \(self.shape) to \(shape)")
    return Tensor(viewing: storage, as: shape)
  }

  /// Element at (n, c, y, x).
  public subscript(n: Int, c: Int, y: Int, x: Int) -> Float {
    get { pointer[((n * shape.c + c) * shape.h + y) * shape.w + x] }
    nonmutating set { pointer[((n * shape.c + c) * shape.h + y) * shape.w + x] = newValue }
  }

  /// A copy of the elements as an array.
  public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

  /// Sets every element to zero.
  public func zero() { pointer.update(repeating: 0, count: count) }

  /// Copies another tensor's elements (same count) into this one.
  public func copy(from other: Tensor) {
    // Copies between parameters of one spec (tests, copies of weights): never input.
    precondition(other.count == count)
    pointer.update(from: other.pointer, count: count)
  }
}

/// A reusable buffer that grows to the largest shape asked of it and never shrinks,
/// so a layer allocates once per batch size, not once per step.
public struct Workspace: Sendable {
  private var storage: TensorStorage?

  public init() {}

  /// A tensor of `shape` backed by this workspace (contents unspecified unless `zeroed`).
  public mutating func tensor(_ shape: Shape, zeroed: Bool = false) -> Tensor {
    if storage == nil || storage!.capacity < shape.count {
      storage = TensorStorage(capacity: shape.count)
    }
    let t = Tensor(viewing: storage!, as: shape)
    if zeroed { t.zero() }
    return t
  }
}

/// Working buffers that layers of one network share because no two layers need them at the
/// same time (im2col columns, their gradients, channel-major products). One per network, so
/// data-parallel replicas never share one.
public final class Scratch: @unchecked Sendable {
  public var col = Workspace()
  public var dcol = Workspace()
  public var tmp = Workspace()
  /// Weights, their gradient and the bias gradient in the layout a oneDNN primitive chose.
  public var weights = Workspace()
  public var dweights = Workspace()
  public var dbias = Workspace()
  public init() {}

  /// Frees the buffers (the next convolution allocates what it needs again).
  public func release() {
    (col, dcol, tmp) = (Workspace(), Workspace(), Workspace())
    (weights, dweights, dbias) = (Workspace(), Workspace(), Workspace())
  }
}
