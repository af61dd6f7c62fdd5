import ConvEngine
import Foundation
import Testing
import TestSupport

/// `train --timelapse` keeps the kernels over a run; `convscope timelapse` draws them as PNGs.
@Suite struct TimeLapseCLITests {
  @Test func trainKeepsATimeLapseAndTheCommandDrawsIt() throws {
    let dir = Fixtures.temporaryDirectory()
    let train = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--limit", "320", "--batch", "32",
                                       "--test-limit", "50", "--threads", "1", "--save", dir + "/run.safetensors",
                                       "--timelapse", "3"])
    #expect(train.status == 0, "\(train.stderr)")
    let lapse = try TimeLapse.read(path: dir + "/run.timelapse.safetensors")
    #expect(lapse.frames.map(\.step) == [0, 3, 6, 9])  // 10 steps, a frame every 3
    let sheet = try CommandRunner.run(["timelapse", dir + "/run.safetensors", "--sheet", dir + "/sheet.png", "--scale", "4"])
    #expect(sheet.status == 0, "\(sheet.stderr)")
    #expect(sheet.stdout.contains("C1: 4 frames of 6 kernels, steps 0…9 (one every 3 steps)"))
    #expect(sheet.stdout.contains("rows are steps 0, 3, 6, 9"))
    let image = try RGBImage.read(path: dir + "/sheet.png")
    // 6 kernels of 5×4 px with 2 px gaps; 4 rows.
    #expect(image.width == 6 * 20 + 7 * 2 && image.height == 4 * 20 + 5 * 2)
    let frames = try CommandRunner.run(["timelapse", dir + "/run.timelapse.safetensors", "--out", dir + "/frames"])
    #expect(frames.status == 0, "\(frames.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/frames").sorted()
    #expect(names == ["C1-step000000.png", "C1-step000003.png", "C1-step000006.png", "C1-step000009.png"])
    #expect(try RGBImage.read(path: dir + "/frames/C1-step000003.png").height == 8 * 5 + 4)
  }

  @Test func timelapseLayersChoosesWhichMapsAreKept() throws {
    let dir = Fixtures.temporaryDirectory()
    let base = ["train", "lenet5", "--epochs", "1", "--limit", "64", "--batch", "32", "--test-limit", "20",
                "--threads", "1", "--save", dir + "/run.safetensors", "--timelapse", "1"]
    let train = try CommandRunner.run(base + ["--timelapse-layers", "S4, C1"])
    #expect(train.status == 0, "\(train.stderr)")
    let lapse = try TimeLapse.read(path: dir + "/run.timelapse.safetensors")
    #expect(lapse.mapLayers == [.init(name: "C1", count: 6, side: 28), .init(name: "S4", count: 16, side: 5)])
    #expect(lapse.frames.map(\.step) == [0, 1, 2])
    let shown = try CommandRunner.run(["timelapse", dir + "/run.safetensors", "--sheet", dir + "/s.png"])
    #expect(shown.stdout.contains("; maps of test image 0 at C1, S4"))
    let wrong = try CommandRunner.run(base + ["--timelapse-layers", "C1,F6"])
    #expect(wrong.status == 1)
    #expect(wrong.stderr.contains("lenet5: layer F6 has no maps to keep (layers with maps: C1, S2, C3, S4, or all)"))
    #expect(wrong.stderr.split(separator: "\n").count == 1)
    let alone = try CommandRunner.run(["train", "lenet5", "--epochs", "1", "--timelapse-layers", "C1"])
    #expect(alone.status != 0 && alone.stderr.contains("--timelapse-layers needs --timelapse STEPS"))
  }

  @Test func aRunWithoutATimeLapseSaysHowToMakeOne() throws {
    let dir = Fixtures.temporaryDirectory()
    let r = try CommandRunner.run(["timelapse", dir + "/none.safetensors"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("none.timelapse.safetensors: no time-lapse here"))
    #expect(r.stderr.split(separator: "\n").count == 1)
    let noSave = try CommandRunner.run(["train", "lenet5", "--epochs", "1", "--timelapse", "5"])
    #expect(noSave.status != 0)
    #expect(noSave.stderr.contains("--timelapse needs --save FILE"))
  }
}
