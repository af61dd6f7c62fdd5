/// The set of colour maps heatmaps are drawn with: `--palette` and F6 in the workbench,
/// `--palette` for `forward --render`. Every heatmap picks its palette's sequential map for
/// one-signed values and its diverging map for signed ones (`ColorMap.colouring`).
public enum Palette: String, CaseIterable, Sendable, Hashable {
  /// viridis and blue–white–red.
  case standard = "default"
  /// For a projector: large steps of brightness (`ColorMap.contrast`).
  case contrast
  /// Colour-blind safe: blue–yellow and blue–white–orange.
  case colorblind

  /// The map for one-signed values (activations, the input).
  public var sequential: ColorMap {
    switch self {
    case .standard: .viridis
    case .contrast: .contrast
    case .colorblind: .blueYellow
    }
  }

  /// The map for signed values, white at zero (weights, gradients, tanh layers).
  public var diverging: ColorMap {
    switch self {
    case .standard: .blueWhiteRed
    case .contrast: .contrastDiverging
    case .colorblind: .blueWhiteOrange
    }
  }

  /// The palette after this one, wrapping (what F6 picks).
  public var next: Palette {
    let all = Palette.allCases
    return all[(all.firstIndex(of: self)! + 1) % all.count]
  }

  /// The name `--palette` takes and the status line shows (`rawValue`).
  public var name: String { rawValue }

  /// What the palette is for, in a few words.
  public var purpose: String {
    switch self {
    case .standard: "viridis and blue–white–red"
    case .contrast: "high contrast, for projectors"
    case .colorblind: "colour-blind safe"
    }
  }
}
