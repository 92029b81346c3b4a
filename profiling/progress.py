"""Progress bar on stderr, with the time elapsed and an estimate of the time left."""

import sys
import time


def _duration(seconds):
    """``m:ss``, or ``h:mm:ss`` from an hour on."""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class _Progress:
    """A plain progress bar on stderr, with the time elapsed and an estimate of the time left.

    Shown only for a task that will take more than a few seconds: nothing
    during its first second, and from then on only once the estimated
    whole (elapsed + left, from the average time per step so far) reaches
    ``SHOW_FROM`` seconds, so a quick run writes nothing to stderr. On a
    terminal one line is redrawn in place (carriage returns, no other
    control characters) and erased at the end; on anything else (a file, a
    pipe, a CI log) whole lines are written, one at most every ``LOG_EVERY``
    seconds and a last one when the task ends, and nothing is erased.
    """

    WIDTH = 30
    SHOW_AFTER = 1.0  # seconds before anything is shown
    SHOW_FROM = 3.0  # estimated seconds of the whole task from which it is shown
    LOG_EVERY = 5.0  # seconds between lines when stderr is not a terminal

    def __init__(self, label, enabled=True):
        self._label = label
        self._start = time.monotonic()
        self._enabled = enabled
        self._terminal = enabled and getattr(sys.stderr, "isatty", lambda: False)()
        self._shown = False
        self._last_line = None
        self._drawn = 0

    def _line(self, done, total, elapsed):
        filled = self.WIDTH * done // total
        line = f"{self._label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}"
        line += f"  elapsed {_duration(elapsed)}"
        if done < total:
            line += f", about {_duration(elapsed * (total - done) / done)} left"
        return line

    def __call__(self, done, total):
        if not self._enabled or total <= 0 or done <= 0:
            return
        now = time.monotonic()
        elapsed = now - self._start
        if not self._shown:
            if elapsed < self.SHOW_AFTER or elapsed * total / done < self.SHOW_FROM:
                return
            self._shown = True
        line = self._line(done, total, elapsed)
        if self._terminal:
            # Pad over the end of a longer previous line.
            sys.stderr.write("\r" + line.ljust(self._drawn))
            self._drawn = max(self._drawn, len(line))
        elif self._last_line is None or now - self._last_line >= self.LOG_EVERY or done >= total:
            sys.stderr.write(line + "\n")
            self._last_line = now
        else:
            return
        sys.stderr.flush()

    def close(self):
        if self._drawn:
            sys.stderr.write("\r" + " " * self._drawn + "\r")
            sys.stderr.flush()
            self._drawn = 0


def _run_with_progress(label, func, enabled=True, **kwargs):
    progress = _Progress(label, enabled)
    try:
        return func(progress=progress, **kwargs)
    finally:
        progress.close()
