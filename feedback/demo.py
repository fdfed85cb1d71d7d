"""Demo data of feedback, called by charter.demo.seed_demo (idempotent)."""


def seed_demo(*, now, rng) -> None:
    return None
