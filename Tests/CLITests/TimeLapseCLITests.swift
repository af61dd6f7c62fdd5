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
