/// Something `update` wants done outside the pure state change; the `AppLoop` performs it.
public enum Effect: Equatable, Sendable {
  /// Leave the loop (the caller then restores the terminal).
  case quitApp
  /// Hand a request to the engine runner; its result comes back as `.engineReported`.
  case startEngineWork(EngineRequest)
  /// Write the focused panel's or the screen's pictures (`PictureExport`); the result comes
  /// back as `.pictureExported`.
  case exportPicture(PictureExport.Scope)
  /// Read the model file at `path` for `screen`; the outcome comes back as `.modelFile(.read)`.
  case readModelFile(path: String, screen: Screen)
  /// Hand the terminal to `$EDITOR` on the model file at `path`, then read it again (the
  /// outcome comes back as `.modelFile(.read)`, or `.editorFailed`). With `copyOf`, `path` is
  /// first made a copy of that shipped file, unless it exists already (an earlier copy).
  case editModelFile(path: String, screen: Screen, copyOf: String? = nil)
  /// Save the lesson progress to `path` (`LessonProgressStore.save`).
  case saveLessonProgress(LessonProgress, path: String)
}
