#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <ncursesw/curses.h>

// Swift 6 rejects ncurses' mutable globals (stdscr, LINES, COLS, COLORS, …): read them
// through functions. The same goes for the C library's stdin/stdout streams.
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cn_stdin(void) { return stdin; }
static inline FILE *cn_stdout(void) { return stdout; }

// KEY_F(n) is a function-like macro, which Swift cannot import.
static inline int cn_key_f(int n) { return KEY_F(n); }

// The WA_* attribute bits are built by function-like macros too.
static inline attr_t cn_attrs(int bold, int dim, int underline, int reverse) {
  attr_t a = WA_NORMAL;
  if (bold) a |= WA_BOLD;
  if (dim) a |= WA_DIM;
  if (underline) a |= WA_UNDERLINE;
  if (reverse) a |= WA_REVERSE;
  return a;
}

// Presses and releases of the three buttons plus the wheel (buttons 4 and 5). Motion
// reporting is left out: with xterm's terminfo it would switch the terminal to "any event"
// tracking, flooding the input with every mouse movement.
static inline mmask_t cn_mouse_mask(void) {
  return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON2_PRESSED | BUTTON2_RELEASED |
         BUTTON3_PRESSED | BUTTON3_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED |
         BUTTON_SHIFT | BUTTON_CTRL | BUTTON_ALT;
}

// Reads the pending mouse event after KEY_MOUSE. Returns 1 and fills the outputs, 0 when
// there is no event or it is one we do not report.
//   button: 1 left, 2 middle, 3 right, 4 wheel up, 5 wheel down
//   kind:   0 press, 1 release
//   mods:   bit 0 ctrl, bit 1 alt, bit 2 shift (TerminalUI's Modifiers raw values)
static inline int cn_read_mouse(int *x, int *y, int *button, int *kind, int *mods) {
  MEVENT e;
  if (getmouse(&e) != OK) return 0;
  mmask_t s = e.bstate;
  *x = e.x;
  *y = e.y;
  *mods = ((s & BUTTON_CTRL) ? 1 : 0) | ((s & BUTTON_ALT) ? 2 : 0) | ((s & BUTTON_SHIFT) ? 4 : 0);
  if (s & BUTTON4_PRESSED) { *button = 4; *kind = 0; return 1; }
  if (s & BUTTON5_PRESSED) { *button = 5; *kind = 0; return 1; }
  if (s & (BUTTON1_PRESSED | BUTTON1_CLICKED)) { *button = 1; *kind = 0; return 1; }
  if (s & BUTTON1_RELEASED) { *button = 1; *kind = 1; return 1; }
  if (s & (BUTTON2_PRESSED | BUTTON2_CLICKED)) { *button = 2; *kind = 0; return 1; }
  if (s & BUTTON2_RELEASED) { *button = 2; *kind = 1; return 1; }
  if (s & (BUTTON3_PRESSED | BUTTON3_CLICKED)) { *button = 3; *kind = 0; return 1; }
  if (s & BUTTON3_RELEASED) { *button = 3; *kind = 1; return 1; }
  return 0;
}

// Whether the terminfo entry declares direct ("true") colour: the RGB flag of
// xterm-direct and friends. tigetflag takes a non-const string in some ncurses builds.
static inline int cn_has_rgb_flag(void) {
  char name[] = "RGB";
  return tigetflag(name) > 0;
}

// A terminfo string capability, or NULL when the terminal lacks it.
static inline const char *cn_tigetstr(const char *capability) {
  char name[16];
  snprintf(name, sizeof name, "%s", capability);
  char *value = tigetstr(name);
  return (value == NULL || value == (char *)-1) ? NULL : value;
}

// ioctl is variadic, which Swift cannot call: get and set a terminal's size in cells.
static inline int cn_get_winsize(int fd, int *rows, int *cols) {
  struct winsize ws;
  if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
  *rows = ws.ws_row;
  *cols = ws.ws_col;
  return 0;
}

static inline int cn_set_winsize(int fd, int rows, int cols) {
  struct winsize ws = {0};
  ws.ws_row = (unsigned short)rows;
  ws.ws_col = (unsigned short)cols;
  return ioctl(fd, TIOCSWINSZ, &ws);
}

// Pseudo-terminals for headless runs. These are declared only for _XOPEN_SOURCE >= 600, which
// Swift's Glibc module is not built with; the functions themselves are always in libc.
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern char *ptsname(int fd);
