import time

from django.core.management.base import BaseCommand, CommandError

from charter.scale import Refused, seed_scale


class Command(BaseCommand):
    help = (
        "Fill the database with an organisation and N obligations over two years, in "
        "realistic shares, for the benchmarks (make bench). Refuses a database holding data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--obligations", type=int, default=1_000_000, help="how many")
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already holds data"
        )
        parser.add_argument("--seed", type=int, default=19, help="random seed")

    def handle(self, *args, obligations, force, seed, **options):
        if obligations < 1:
            raise CommandError("--obligations: give a positive number.")
        began = time.perf_counter()

        def progress(done, total):
            rate = done / max(time.perf_counter() - began, 1e-6)
            self.stdout.write(f"\r  {done:>12,} / {total:,} obligations ({rate:,.0f}/s)", ending="")
            self.stdout.flush()

        try:
            made = seed_scale(obligations=obligations, force=force, seed=seed, progress=progress)
        except Refused as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        self.stdout.write(
            f"{made['obligations']:,} obligations in {made['departments']} departments "
            f"in {time.perf_counter() - began:.1f} s."
        )
