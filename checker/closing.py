"""One way to make a resource usable in a ``with`` block: leaving the block closes it."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """Mixin for a class with ``close()``: ``with Thing(...) as thing:`` closes it on the way out,
    whether the block ended or raised (``contextlib.closing`` as a base class, keeping the type)."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
