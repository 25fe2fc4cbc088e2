"""The quick check: a keystroke's diagnostics from the last whole check and the
edited lines re-read alone (check), which lines those are (region), and DATA
verdicts that depend on lines outside them (data)."""
