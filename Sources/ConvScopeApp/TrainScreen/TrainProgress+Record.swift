import ConvEngine

extension TrainProgress {
  /// A saved run (`train --metrics`, `x` on Train) as the chart draws it: the loss of every
  /// step, averaged into at most `maxCurvePoints` points as a live run's curve is; the test
  /// accuracy after each epoch (on the whole test set: a record keeps no checks during the
  /// run, so `testCurve` stays empty and the chart draws the epochs'); the live changes as
  /// marks; the epoch table.
  public init(record: RunRecord) {
    let s = record.settings
    self.init(model: s.model, dataset: s.dataset)
    runID = 1
    setup = TrainSetup(model: ModelChoice(name: s.model), dataset: DatasetKind(rawValue: s.dataset) ?? .mnist)
    epochs = s.epochs
    // The first epoch's last step says how long an epoch is; a run stopped inside its first
    // epoch has only the settings to go by.
    stepsPerEpoch = record.epochs.first?.step ?? max(1, (s.trainImages + s.batchSize - 1) / max(1, s.batchSize))
    step = record.steps.last?.step ?? 0
    epoch = max(1, min(s.epochs, record.epochs.count + 1))
    epochResults = record.epochs
    marks = record.events
    isFinished = record.epochs.count >= s.epochs
    elapsed = record.steps.last?.elapsed ?? 0
    let perEpoch = Double(max(1, stepsPerEpoch))
    curveStride = max(1, (record.steps.count + Self.maxCurvePoints - 1) / Self.maxCurvePoints)
    curve = stride(from: 0, to: record.steps.count, by: curveStride).map { start in
      let chunk = record.steps[start..<min(record.steps.count, start + curveStride)]
      let last = chunk[chunk.endIndex - 1].step
      return CurvePoint(step: last, epochs: Double(last) / perEpoch, loss: chunk.reduce(0) { $0 + $1.loss } / Double(chunk.count))
    }
  }
}
