#!/usr/bin/env python3
"""Writes the starting corpus of every fuzz target into OUT/<Target>/ (run by `make fuzz`).

Small valid files of every kind the parsers read, so the fuzzer starts from inputs that get
deep into each parser: safetensors weights and a checkpoint with training state, IDX data
(raw and gzip), PNG in every colour type and bit depth, baseline and progressive JPEG (gray and
colour, subsampled or not), the four PNM variants, time-lapse files (formats 1 and 2), the
shipped lessons and quizzes, and every workbench link they contain. Images come from Pillow (Debian's python3-pil).
"""
import gzip, io, json, os, re, struct, sys, zlib

out, root = sys.argv[1], sys.argv[2]

def put(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)

# --- safetensors -------------------------------------------------------------------------
def safetensors(tensors, metadata):
    header, blob = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, shape, values in tensors:
        data = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(blob), len(blob) + len(data)]}
        blob += data
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + blob

weights = [("C1.bias", [6], [0.1] * 6), ("F6.bias", [84], [0.0] * 84), ("output.bias", [10], [0.5] * 10)]
put("FuzzSafeTensors", "weights", safetensors(weights, {"model": "lenet5-modern", "format": "convscope-weights-1"}))
state = {
    "model": "lenet5-modern", "format": "convscope-weights-1", "train.format": "convscope-train-1",
    "train.step": "3", "train.epoch": "0", "train.cursor": "6", "train.seconds": "0.5",
    "train.rng.shuffler": "12345", "train.rng.augment": "1,2", "train.rng.dropout.0.drop6": "7",
    "train.config.epochs": "2", "train.config.batch_size": "2", "train.config.learning_rate": "0.05",
    "train.config.momentum": "0.9", "train.config.weight_decay": "0.0005", "train.config.schedule": "step:1:0.5",
    "train.config.seed": "1", "train.config.threads": "1", "train.config.frozen_layers": "C1",
    "train.config.augmentation": "crop,flip", "train.rbf_j": "5.0", "dataset": "mnist",
    "train.events": '[{"epoch":1,"kind":"resumed","message":"m","step":1}]',
}
order = ("train.order", [8], [3, 1, 0, 2, 7, 5, 4, 6])
velocity = ("train.velocity.C1.bias", [6], [0.01] * 6)
put("FuzzSafeTensors", "checkpoint", safetensors(weights + [order, velocity], state))
put("FuzzSafeTensors", "empty", safetensors([], {}))

# A time-lapse in format 2 (kernels and maps at two layers, LeNet-5's layout, so the
# recorder continues it) and in format 1 (the first layer only).
lapse2 = {"format": "convscope-timelapse-2", "layer": "C1", "every": "10", "budget": "8388608", "steps": "0,10",
          "maps.0.layer": "C1", "maps.1.layer": "C3"}
put("FuzzTimeLapse", "format2", safetensors([("kernels", [2, 6, 5, 5], [0.01 * i for i in range(300)]),
                                            ("maps.0", [2, 6, 28, 28], [0.5] * 9408),
                                            ("maps.1", [2, 16, 10, 10], [-0.25] * 3200)], lapse2))
lapse1 = {"format": "convscope-timelapse-1", "layer": "conv1", "every": "4", "budget": "4096", "steps": "0,4,8"}
put("FuzzTimeLapse", "format1", safetensors([("kernels", [3, 2, 3, 3], [0.1] * 54), ("maps", [3, 2, 4, 4], [1.0] * 96)],
                                            lapse1))

# --- IDX ---------------------------------------------------------------------------------
def idx(dims, payload):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + payload
images = idx([2, 28, 28], bytes(range(256)) * 6 + bytes(2 * 784 - 1536))
labels = idx([2], bytes([7, 2]))
put("FuzzIDX", "images.idx", images)
put("FuzzIDX", "images.idx.gz", gzip.compress(images))
put("FuzzIDX", "labels.idx.gz", gzip.compress(labels) + gzip.compress(labels))
with open(os.path.join(root, "assets/mnist/t10k-labels-idx1-ubyte.gz"), "rb") as f:
    put("FuzzIDX", "t10k-labels.gz", f.read())

# --- images ------------------------------------------------------------------------------
from PIL import Image
def picture(mode, size=(9, 7)):
    image = Image.new("RGB", size)
    image.putdata([((x * 40) % 256, (y * 50) % 256, (x * y * 9) % 256) for y in range(size[1]) for x in range(size[0])])
    return image.convert(mode)
def saved(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
for mode in ["1", "L", "P", "RGB", "RGBA", "LA"]:
    put("FuzzPNG", "png-" + mode, saved(picture(mode), "PNG"))
put("FuzzPNG", "png-16bit", saved(picture("L").convert("I").point(lambda v: v * 257), "PNG"))
put("FuzzPNG", "png-optimised", saved(picture("RGB"), "PNG", optimize=True))
palette = picture("P"); palette.info["transparency"] = 3
put("FuzzPNG", "png-trns", saved(palette, "PNG", transparency=3))
for mode in ["L", "RGB"]:
    put("FuzzJPEG", "jpeg-" + mode, saved(picture(mode, (17, 13)), "JPEG", quality=80))
    put("FuzzJPEG", "jpeg-progressive-" + mode, saved(picture(mode, (17, 13)), "JPEG", progressive=True))
put("FuzzJPEG", "jpeg-444", saved(picture("RGB", (16, 16)), "JPEG", subsampling=0))
put("FuzzJPEG", "jpeg-restart", saved(picture("RGB", (33, 17)), "JPEG", quality=50, optimize=True))
# PNM: the target supplies "P" and the variant from the first byte (0 → P2, 1 → P3, 2 → P5, 3 → P6).
put("FuzzPNM", "p2", b"\x00\n# gray\n3 2\n255\n0 128 255\n1 2 3\n")
put("FuzzPNM", "p3", b"\x01\n2 2\n15\n0 0 0 15 15 15\n1 2 3 4 5 6\n")
put("FuzzPNM", "p5", b"\x02\n4 2\n255\n" + bytes(range(8)))
put("FuzzPNM", "p6", b"\x03 2 1 65535\n" + bytes(range(12)))

# --- lessons and links -------------------------------------------------------------------
links = set()
for folder in ["lessons", "lessons/quizzes"]:
    for name in sorted(os.listdir(os.path.join(root, folder))):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(root, folder, name), "rb") as f:
            text = f.read()
        put("FuzzLesson", folder.replace("/", "-") + "-" + name, text)
        links.update(re.findall(rb"\]\(((?:convscope:|\./|\.\./)[^)\s]*)\)", text))
for i, link in enumerate(sorted(links)):
    put("FuzzLessonLink", "link-%03d" % i, link)
for name in sorted(os.listdir(os.path.join(root, "lessons/tours"))):
    if name.endswith(".md"):
        with open(os.path.join(root, "lessons/tours", name), "rb") as f:
            put("FuzzTour", name, f.read())

# --- model files ------------------------------------------------------------------------
for name in sorted(os.listdir(os.path.join(root, "assets/models"))):
    if name.endswith(".convnet"):
        with open(os.path.join(root, "assets/models", name), "rb") as f:
            put("FuzzModelFile", name, f.read())
with open(os.path.join(root, "Tests/Fixtures/models/every-kind.convnet"), "rb") as f:
    put("FuzzModelFile", "every-kind.convnet", f.read())
