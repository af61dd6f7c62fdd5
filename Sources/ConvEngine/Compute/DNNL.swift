import CDNNL

/// oneDNN's JIT primitives (convolution, reorders between layouts): the engine they run on
/// and thin owners for their handles. Dense products that stay on sgemm go through `BLAS`.
enum DNNL {
  /// The CPU engine every primitive and memory object is created for (thread-safe to share).
  nonisolated(unsafe) static let engine: dnnl_engine_t = {
    var e: dnnl_engine_t?
    check(dnnl_engine_create(&e, dnnl_cpu, 0), "creating the CPU engine")
    return e!
  }()

  /// oneDNN fails only for shapes or layouts it does not support, and callers ask only for
  /// descriptors `ModelSpec.row` has already checked; a failure is a programming error.
  static func check(_ status: dnnl_status_t, _ what: String) {
    precondition(status == dnnl_success, "oneDNN: \(what) failed (\(status))")
  }

  /// A float32 descriptor of `dims` in the layout `tag` (`dnnl_format_tag_any` lets a
  /// primitive pick its own blocked layout).
  static func descriptor(_ dims: [Int], _ tag: dnnl_format_tag_t) -> dnnl_memory_desc_t {
    var md = dnnl_memory_desc_t()
    let d = dims.map { Int64($0) }
    check(dnnl_memory_desc_init_by_tag(&md, Int32(d.count), d, dnnl_f32, tag), "describing \(dims)")
    return md
  }

  static func equal(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
    var (a, b) = (a, b)
    return dnnl_memory_desc_equal(&a, &b) != 0
  }
}

/// A oneDNN memory object whose data pointer is set before each use (the buffers are the
/// engine's own tensors and workspaces, so oneDNN never allocates or first-touches them).
final class DNNLMemory {
  let handle: dnnl_memory_t
  let desc: dnnl_memory_desc_t

  init(_ desc: dnnl_memory_desc_t) {
    var d = desc, m: dnnl_memory_t?
    DNNL.check(dnnl_memory_create(&m, &d, DNNL.engine, nil), "creating a memory object")
    handle = m!
    self.desc = desc
  }

  /// Floats a buffer in this layout needs (blocked layouts pad channels to the block size).
  var floats: Int {
    var d = desc
    return (dnnl_memory_desc_get_size(&d) + 3) / 4
  }

  func bind(_ pointer: UnsafeMutablePointer<Float>) {
    DNNL.check(dnnl_memory_set_data_handle(handle, pointer), "setting a data pointer")
  }

  deinit { dnnl_memory_destroy(handle) }
}

/// One oneDNN primitive with the stream it runs on.
final class DNNLPrimitive {
  let handle: dnnl_primitive_t
  private let stream: dnnl_stream_t
  /// oneDNN's name for the implementation it chose, e.g. "jit:avx512_core" or "ref:any".
  let implementation: String

  init(_ pd: dnnl_primitive_desc_t) {
    var p: dnnl_primitive_t?, s: dnnl_stream_t?
    DNNL.check(dnnl_primitive_create(&p, pd), "creating a primitive")
    DNNL.check(dnnl_stream_create(&s, DNNL.engine, dnnl_stream_default_flags.rawValue), "creating a stream")
    handle = p!
    stream = s!
    var name: UnsafePointer<CChar>?
    DNNL.check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name), "naming an implementation")
    implementation = name.map { String(cString: $0) } ?? ""
  }

  /// Runs the primitive on `args` (argument kind, memory) and waits for it.
  func run(_ args: [(Int32, DNNLMemory)]) {
    let list = args.map { dnnl_exec_arg_t(arg: $0.0, memory: $0.1.handle) }
    list.withUnsafeBufferPointer { p in
      DNNL.check(dnnl_primitive_execute(handle, stream, Int32(p.count), p.baseAddress), "running \(implementation)")
    }
    DNNL.check(dnnl_stream_wait(stream), "waiting for \(implementation)")
  }

  deinit {
    dnnl_primitive_destroy(handle)
    dnnl_stream_destroy(stream)
  }
}

/// A copy between two layouts of the same tensor (plain NCHW ↔ a primitive's blocked layout).
final class DNNLReorder {
  let from: DNNLMemory
  let to: DNNLMemory
  private let primitive: DNNLPrimitive

  /// `accumulate`: the copy is added to what the destination holds (gradients accumulate).
  init(from: dnnl_memory_desc_t, to: dnnl_memory_desc_t, accumulate: Bool = false) {
    var (a, b) = (from, to)
    var attr: dnnl_primitive_attr_t?
    if accumulate {
      var ops: dnnl_post_ops_t?
      DNNL.check(dnnl_primitive_attr_create(&attr), "creating attributes")
      DNNL.check(dnnl_post_ops_create(&ops), "creating post-ops")
      DNNL.check(dnnl_post_ops_append_sum(ops, 1), "adding a sum post-op")
      DNNL.check(dnnl_primitive_attr_set_post_ops(attr, ops), "setting post-ops")
      dnnl_post_ops_destroy(ops)
    }
    defer { if let attr { dnnl_primitive_attr_destroy(attr) } }
    var pd: dnnl_primitive_desc_t?
    DNNL.check(dnnl_reorder_primitive_desc_create(&pd, &a, DNNL.engine, &b, DNNL.engine, attr), "planning a reorder")
    defer { dnnl_primitive_desc_destroy(pd) }
    self.from = DNNLMemory(from)
    self.to = DNNLMemory(to)
    primitive = DNNLPrimitive(pd!)
  }

  func run(_ source: UnsafeMutablePointer<Float>, _ destination: UnsafeMutablePointer<Float>) {
    from.bind(source)
    to.bind(destination)
    primitive.run([(Int32(DNNL_ARG_FROM), from), (Int32(DNNL_ARG_TO), to)])
  }
}
