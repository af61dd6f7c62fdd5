/// Facts a model definition cannot know (how the networks were trained), quoted from the two
/// papers with their sections, as checked in `shared/reference/facts.md` (§1.8–1.9, §2.9–2.10).
public enum PaperFacts {
  /// [L98]: LeCun, Bottou, Bengio & Haffner, Proc. IEEE 86(11), 1998.
  public static let leNetPaper = "LeCun et al. 1998"
  /// [K12]: Krizhevsky, Sutskever & Hinton, NIPS 2012.
  public static let alexNetPaper = "Krizhevsky et al. 2012"

  /// ILSVRC training images, "1.2 million" [K12 Sec. 2] (the size of "an epoch" in the projection).
  public static let imageNetTrainingImages = 1_200_000
  /// "roughly 90 cycles through the training set" [K12 Sec. 5].
  public static let alexNetEpochs = 90
  /// "five to six days on two NVIDIA GTX 580 3GB GPUs" [K12 Sec. 5].
  public static let alexNetTrainingDays: ClosedRange<Double> = 5...6
  /// Where the three numbers above come from.
  public static let alexNetScheduleSource = "Krizhevsky et al. 2012, Sec. 2 and 5"

  /// The training-time aspects, in display order.
  static let aspects = ["preprocessing in the paper", "training-time augmentation", "regularisation in training", "optimiser", "training data and run"]

  /// The fact about `aspect` for a model family, labelled with its source.
  static func fact(_ aspect: String, family: String) -> DesignEntry {
    switch family {
    case "lenet5", "lenet5-modern":
      // The modern variant is not in the paper; what the paper says is about the 1998 network.
      let suffix = family == "lenet5" ? "" : " (the 1998 network)"
      return leNet(aspect, suffix: suffix)
    case "alexnet", "alexnet-ungrouped", "alexnet-torchvision":
      let suffix = family == "alexnet" ? "" : " (the paper's network)"
      return alexNet(aspect, suffix: suffix)
    default:
      return DesignEntry("—", source: "no paper facts recorded for \(family)")
    }
  }

  private static func leNet(_ aspect: String, suffix: String) -> DesignEntry {
    switch aspect {
    case "preprocessing in the paper":
      return DesignEntry("digits size-normalised into a 20×20 box, centred in 28×28, padded with background to 32×32; "
                         + "background −0.1, ink 1.175 (mean about 0, variance about 1)",
                         source: "\(leNetPaper), Sec. II-B and III-A\(suffix)")
    case "training-time augmentation":
      return DesignEntry("540,000 artificially distorted copies (random affine: translation, scaling, squeezing, "
                         + "shearing) added to the 60,000 images: test error 0.95% → 0.8%",
                         source: "\(leNetPaper), Sec. III-C\(suffix)")
    case "regularisation in training":
      return DesignEntry("the distorted images only; dropout did not exist yet",
                         source: "\(leNetPaper), Sec. III\(suffix)")
    case "optimiser":
      return DesignEntry("stochastic diagonal Levenberg–Marquardt: per-parameter rates η/(μ + h_kk), μ = 0.02, "
                         + "one example per update, η from 0.0005 down to 0.00001",
                         source: "\(leNetPaper), Sec. III-B, App. C\(suffix)")
    case "training data and run":
      return DesignEntry("MNIST: 60,000 training digits, 10 classes; 20 passes",
                         source: "\(leNetPaper), Sec. III\(suffix)")
    default:
      return DesignEntry("—", source: leNetPaper)
    }
  }

  private static func alexNet(_ aspect: String, suffix: String) -> DesignEntry {
    switch aspect {
    case "preprocessing in the paper":
      return DesignEntry("shorter side rescaled to 256, central 256×256 crop; only the training set's mean activity "
                         + "subtracted from each pixel (no division by a deviation); 224×224 crops of that fed to the net",
                         source: "\(alexNetPaper), Sec. 2 and 4.1\(suffix)")
    case "training-time augmentation":
      return DesignEntry("random 224×224 crops of the 256×256 images + horizontal flips (2,048 views each); PCA "
                         + "colour shifts, α ~ N(0, 0.1); 10 crops averaged at test time",
                         source: "\(alexNetPaper), Sec. 4.1\(suffix)")
    case "regularisation in training":
      return DesignEntry("dropout 0.5 in fc6 and fc7 (roughly doubles the iterations to converge); weight decay "
                         + "0.0005; the augmentation above",
                         source: "\(alexNetPaper), Sec. 4.2 and 5\(suffix)")
    case "optimiser":
      return DesignEntry("SGD, batch 128, momentum 0.9; learning rate 0.01, divided by 10 three times when the "
                         + "validation error stalled; weights N(0, 0.01²), biases 1 in conv2, conv4, conv5, fc6, fc7",
                         source: "\(alexNetPaper), Sec. 5\(suffix)")
    case "training data and run":
      return DesignEntry("ILSVRC: ≈1.2 M training images, 1000 classes; ≈90 passes in 5–6 days on two GTX 580 3 GB GPUs",
                         source: "\(alexNetPaper), Sec. 2 and 5\(suffix)")
    default:
      return DesignEntry("—", source: alexNetPaper)
    }
  }
}
