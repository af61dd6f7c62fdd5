import ArgumentParser
import ConvEngine

/// `--assets DIR`, shared by every command that reads shipped files. The folder is recorded
/// for the whole run as it is parsed, so the built-in model files come from it (when it holds
/// them) as well as the datasets, weights and photos: before, a copied binary told to use
/// `--assets` still looked for `models/` in the default places only, and failed.
struct AssetsOption: ParsableArguments {
  @Option(name: .long, help: """
    The assets folder: datasets, weights, photos, and the built-in model files when it holds \
    models/ (default: the shipped assets/).
    """)
  var assets: String?

  func validate() throws {
    AssetLocator.useCommandLineFolder(assets)
  }
}
