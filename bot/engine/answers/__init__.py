"""One module per kind of answer, each `answer(turn, resources) -> Answer | None`."""
