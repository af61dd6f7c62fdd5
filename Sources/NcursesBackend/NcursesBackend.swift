import TerminalUI
import CNcurses
