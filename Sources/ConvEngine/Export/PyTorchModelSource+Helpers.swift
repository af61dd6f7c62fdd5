/// The Python text of the small modules `model.py` defines for what `torch.nn` lacks, and of
/// its safetensors reader. Each is the engine layer's formula, in the engine's order of
/// operations, so PyTorch's results differ from convscope's only by float rounding.
extension PyTorchModelSource {
  static let scaledTanh = #"""
class ScaledTanh(nn.Module):
    """LeNet-5's squashing function f(a) = 1.7159 tanh(2a/3) (LeCun et al. 1998, eq. 6):
    f(1) = 1 and f(-1) = -1, so the targets +-1 sit where the curve is steepest."""

    def forward(self, x):
        return 1.7159 * torch.tanh(x * (2.0 / 3.0))
"""#

  static let tableConv = #"""
class TableConv2d(nn.Conv2d):
    """A convolution whose output map o reads only the input maps table[o] (LeNet-5's C3).

    The weight keeps the dense [out, in, k, k] layout; the kernels the table leaves out are
    multiplied by 0 in every pass, so they stay 0 (and get no gradient) if you train here.
    """

    def __init__(self, in_channels, out_channels, kernel_size, table, **kwargs):
        super().__init__(in_channels, out_channels, kernel_size, **kwargs)
        mask = torch.zeros(out_channels, in_channels, 1, 1)
        for o, inputs in enumerate(table):
            mask[o, inputs] = 1
        # Not saved with the weights: it is the table, not something learned.
        self.register_buffer("mask", mask, persistent=False)

    def forward(self, x):
        return self._conv_forward(x, self.weight * self.mask, self.bias)
"""#

  static let subsampling = #"""
class Subsampling(nn.Module):
    """LeNet-5's S2 and S4: each map's window x window blocks are summed, multiplied by the
    map's trainable coefficient (weight) and shifted by its bias. Not average pooling: the
    coefficient is learned, so a unit can blur (small) or act as a noisy OR/AND (large)."""

    def __init__(self, maps, window):
        super().__init__()
        self.window = window
        self.weight = nn.Parameter(torch.zeros(maps))
        self.bias = nn.Parameter(torch.zeros(maps))

    def forward(self, x):
        sums = F.avg_pool2d(x, self.window, divisor_override=1)  # block sums, not means
        return sums * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)
"""#

  static let crossMapLRN = #"""
class CrossMapLRN(nn.Module):
    """Local response normalisation across maps as the AlexNet paper writes it (section 3.3):
    b_i = a_i / (k + alpha * sum of a_j^2 for j = i - size//2 .. i + size//2)^beta, maps past
    the first and last left out. alpha is not divided by size, so for an odd size this is
    nn.LocalResponseNorm(size, alpha=alpha * size, beta=beta, k=k)."""

    def __init__(self, size, alpha, beta, k):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, x):
        half = self.size // 2
        squares = F.pad(x * x, (0, 0, 0, 0, half, half))  # zero maps beyond both edges
        total = sum(squares[:, j:j + x.shape[1]] for j in range(2 * half + 1))
        return x / (self.k + self.alpha * total) ** self.beta
"""#

  static let euclideanRBF = #"""
class EuclideanRBF(nn.Module):
    """LeNet-5's output: one Euclidean radial-basis unit per class, y_i = sum_j (x_j - w_ij)^2,
    against fixed prototypes w_i (7x12 bitmaps of the digits: +1 ink, -1 paper). A penalty,
    not a score: the smallest y_i wins. The prototypes are a buffer, saved with the weights
    (as <layer>.prototypes) but never trained."""

    def __init__(self, inputs, classes):
        super().__init__()
        self.register_buffer("prototypes", torch.zeros(classes, inputs))

    def forward(self, x):
        diff = x.unsqueeze(1) - self.prototypes.unsqueeze(0)  # [N, classes, inputs]
        return (diff * diff).sum(dim=2)
"""#

  static let reader = #"""
def read_safetensors(path):
    """(tensors, metadata) of a safetensors file of float32 tensors, read with the standard
    library and torch alone (no safetensors package needed). The format: 8 bytes of header
    length (little-endian), a JSON header giving each tensor's dtype, shape and byte range,
    then the data."""
    if sys.byteorder != "little":
        raise RuntimeError("read_safetensors reads little-endian files on little-endian machines only")
    with open(path, "rb") as f:
        data = f.read()
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {entry['dtype']}, not F32")
        start, end = entry["data_offsets"]
        raw = bytearray(data[8 + length + start:8 + length + end])
        values = torch.frombuffer(raw, dtype=torch.float32) if raw else torch.zeros(0)
        tensors[name] = values.reshape(entry["shape"])
    return tensors, metadata
"""#
}
