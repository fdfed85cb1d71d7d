"""Demo data of visits, called by charter.demo.seed_demo (idempotent)."""


def seed_demo(*, now, rng) -> None:
    return None
