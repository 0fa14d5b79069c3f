from typing import Any

class TaskWrapper:
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...
    def schedule(self, args: tuple[Any, ...] | None = ..., kwargs: dict[str, Any] | None = ...,
                 eta: Any = ..., delay: float | None = ...) -> Any: ...

