/// What one data-parallel replica changes during a training step: its input batch, labels,
/// score gradients and augmentation generator.
///
/// A class, one instance per replica, so that a replica's thread changes only its own object.
/// With these as elements of the trainer's arrays instead, `self.inputs[r] = …` from several
/// threads at once is a modifying access to the whole array (a data race ThreadSanitizer
/// reports, `make test-sanitize`), even though each thread touches a different element.
final class ReplicaWorkspace: @unchecked Sendable {
  /// The replica's slice of the batch, encoded: [n, c, h, w].
  var input = Workspace()
  /// The slice's labels, one per image; grows to the largest slice asked of it.
  var labels: [Int32] = []
  /// The loss gradient with respect to the replica's scores: [n, classes].
  var dscores = Workspace()
  /// Random crops and flips for this replica's images (saved in checkpoints, so a resumed
  /// run augments exactly as an uninterrupted one).
  var augmentRNG: SplitMix64

  init(augmentSeed: UInt64) { augmentRNG = SplitMix64(seed: augmentSeed) }
}
