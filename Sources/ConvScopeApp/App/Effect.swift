/// Something `update` wants done outside the pure state change; the `AppLoop` performs it.
public enum Effect: Equatable, Sendable {
  /// Leave the loop (the caller then restores the terminal).
  case quitApp
  /// Hand a request to the engine runner; its result comes back as `.engineReported`.
  case startEngineWork(EngineRequest)
  /// Write the screen's pictures (`PictureExport`); the result comes back as `.pictureExported`.
  case exportPicture
  /// Save the lesson progress to `path` (`LessonProgressStore.save`).
  case saveLessonProgress(LessonProgress, path: String)
}
