import TerminalUI

/// A guided tour: a lesson-like markdown file in `lessons/tours/` whose level-2 sections are
/// steps. Each step names, with a `convscope:` link, the state the screens should be in, plus
/// how the view is framed (zoom, inspector cell, Compare row, a key to try) and when to move
/// on. Playing a step applies its whole state, so any step looks the same however it is reached.
public struct Tour: Sendable, Hashable, Identifiable {
  /// The file name without `.md` (`lenet5-in-five-minutes`): what `convscope tour NAME` takes.
  public var id: String
  /// The text of the H1.
  public var title: String
  /// The lesson the tour goes with (`<!-- lesson: 03-lenet5 -->`): `T` on that lesson plays it.
  public var lessonID: String?
  /// The line of the `lesson:` directive, for a problem found with it later (no such lesson).
  public var lessonLine: Int?
  /// The text between the title and the first step, shown by `convscope tour show`.
  public var intro: String
  public var steps: [TourStep]
  /// Where the file was read from.
  public var path: String?

  /// The id the tour's met tasks are saved under in the progress file (no lesson id has a colon).
  public var progressID: String { "tour:" + id }
}

/// One step of a tour: the heading and text shown in the lesson pane, and the state it sets.
public struct TourStep: Sendable, Hashable {
  /// The H2's text.
  public var title: String
  /// The 1-based line of the heading, for messages.
  public var line: Int
  /// The screen and its setup (`<!-- show: convscope:explore?… -->`): an Explore, Train or
  /// Compare link in the lessons' link vocabulary.
  public var show: LessonLink
  /// The link as written.
  public var showText: String
  /// How the screen is framed once its data is there.
  public var view: TourView
  public var advance: TourAdvance
  /// A key the step invites the reader to try (`<!-- key: z -->`), as `KeyMap` labels it,
  /// with what it does on the step's screen.
  public var key: TourKey?
  /// The section's markdown as written (comments removed), heading first.
  public var text: String
  /// The step's tasks (`<!-- task: … -->` at the end of a line of its text, as in a lesson),
  /// graded from the live state while the step is on show.
  public var tasks: [LessonTask] = []
}

/// How a step frames its screen beyond what the link sets up.
public enum TourView: Sendable, Hashable {
  /// Just what the link sets up.
  case plain
  /// Explore: the selected map zoomed with the cursor on (row, column); `inspect` also opens
  /// the explain view for that value.
  case zoom(row: Int, column: Int, inspect: Bool)
  /// Compare: scrolled so the first line holding this text is at the top.
  case compareRow(String)
}

/// When a step gives way to the next.
public enum TourAdvance: Sendable, Hashable {
  /// When the reader presses Space or →.
  case key
  /// After this many seconds (or a key, whichever comes first; `p` pauses the clock).
  case after(seconds: Int)
}

/// A key a step points at, with its help text for the step's screen.
public struct TourKey: Sendable, Hashable {
  public var label: String
  public var description: String
}

extension TourAdvance {
  /// Quiet loop turns (50 ms each, `AppLoop`'s default poll) before the step moves on.
  public var ticks: Int? {
    switch self {
    case .key: nil
    case .after(let seconds): seconds * 20
    }
  }
}

extension TourStep {
  /// The screen the step shows.
  public var screen: Screen {
    switch show {
    case .train: .train
    case .compare: .compare
    default: .explore
    }
  }

  /// What the pane shows: the step's text, how its tasks stand (`taskLines`, one line each),
  /// then the key to try and how the step moves on.
  public func paneText(number: Int, of count: Int, taskLines: [String] = []) -> String {
    var lines = [text, ""]
    if !taskLines.isEmpty { lines += taskLines.flatMap { [$0, ""] } }
    if let key { lines += ["**Try it:** press `\(key.label)` — \(key.description).", ""] }
    let next = number == count ? "This is the last step: esc leaves the tour." : "Space or → goes on, ← goes back."
    switch advance {
    case .key: lines.append("*Step \(number) of \(count). \(next)*")
    case .after(let s): lines.append("*Step \(number) of \(count). Moves on by itself after \(s) s (p pauses). \(next)*")
    }
    return lines.joined(separator: "\n")
  }
}
