/// The `check.py` that `convscope export pytorch` writes next to `model.py`: it runs the
/// exported module on the saved sample inputs and compares its outputs with convscope's.
public enum PyTorchCheckScript {
  /// The largest absolute difference `check.py` accepts, times the size of the scores when
  /// they are above 1. Float32 sums taken in another order differ in their last bits, about
  /// 1e-7 of the values per operation; a real mistake (a transposed weight, a wrong formula)
  /// moves scores by whole units. 1e-4 sits well between the two.
  public static let tolerance: Double = 1e-4

  /// The script for the module class `className` of a model whose scores are read by `head`.
  public static func text(className: String, head: OutputHead) -> String {
    let smallestWins: String
    let kind: String
    switch head {
    case .softmax: (smallestWins, kind) = ("False", "logits")
    case .rbf: (smallestWins, kind) = ("True", "RBF penalties")
    }
    return #"""
#!/usr/bin/env python3
"""Does PyTorch compute what convscope computed? Builds model.py's \#(className) with the
weights in weights.safetensors, runs the sample inputs of samples.safetensors through it and
compares its outputs with the ones convscope computed for them (also in samples.safetensors).

    python3 check.py        (needs torch and nothing else)

Prints the largest absolute difference; the exit status is 1 when it is above the tolerance.
"""

import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import \#(className), read_safetensors  # noqa: E402 (model.py sits next to this file)

# Float32 sums taken in another order differ in their last bits, about 1e-7 of the values
# per operation; a real mistake (a transposed weight, a wrong formula) moves the outputs by
# whole units. The tolerance sits between the two: 1e-4, times the outputs' size above 1.
TOLERANCE = \#(tolerance)
# Which output is the prediction: logits, the largest; LeNet-5's RBF penalties, the smallest.
SMALLEST_WINS = \#(smallestWins)


def main():
    weights, weights_info = read_safetensors(os.path.join(HERE, "weights.safetensors"))
    samples, info = read_safetensors(os.path.join(HERE, "samples.safetensors"))
    net = \#(className)()
    # strict: every tensor must find its layer and every layer its tensors.
    net.load_state_dict(weights, strict=True)
    net.eval()  # dropout off, as in convscope's forward pass
    with torch.no_grad():
        ours = net(samples["input"])
    theirs = samples["logits"]
    if ours.shape != theirs.shape:
        print(f"PyTorch's output has shape {list(ours.shape)}, convscope's {list(theirs.shape)}")
        return 1
    diff = (ours - theirs).abs()
    worst = diff.max().item()
    limit = TOLERANCE * max(1.0, theirs.abs().max().item())
    pick = torch.argmin if SMALLEST_WINS else torch.argmax
    labels = info.get("labels", "").split(",")
    print(f"model:   {info.get('model', '?')} (model.py: \#(className))")
    print(f"weights: {weights_info.get('source', '?')}")
    print(f"samples: {info.get('samples', '?')}")
    print()
    print("sample  label  convscope  pytorch  max |difference|")
    for i in range(ours.shape[0]):
        label = labels[i] if i < len(labels) and labels[i] else "-"
        print(f"{i:>6}  {label:>5}  {int(pick(theirs[i])):>9}  {int(pick(ours[i])):>7}  {diff[i].max().item():>16.2e}")
    print()
    verdict = "OK" if worst <= limit else "TOO LARGE"
    print(f"max |pytorch - convscope| = {worst:.3g} over {diff.numel()} \#(kind) (tolerance {limit:.3g}): {verdict}")
    return 0 if worst <= limit else 1


if __name__ == "__main__":
    sys.exit(main())

"""#
  }
}
