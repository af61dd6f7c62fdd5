/// Something that can draw itself into a rectangle of a buffer.
///
/// Widgets are immediate mode: plain values built fresh for every frame from the app's
/// state, drawn, and thrown away. They must stay inside `area`.
public protocol Widget {
  func render(in area: Rect, into buffer: inout ScreenBuffer)
}
