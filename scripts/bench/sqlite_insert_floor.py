#!/usr/bin/env python3
"""What SQLite itself needs to insert 10,000 contacts into a bench data file, with nothing of
Rapport around it: one prepared INSERT per row inside a transaction that is rolled back, so the
file is left as it was. Run it on the file `rapport bench` loaded, read into the page cache first:

    cat /tmp/bench1m/rapport.sqlite > /dev/null
    python3 scripts/bench/sqlite_insert_floor.py /tmp/bench1m/rapport.sqlite [CACHE_KIB]

CACHE_KIB is SQLite's page cache in KiB, 8,000 by default: what the server's connections use.

The rows are the ones `rapport bench` sends through the API ("Bench Contact N", …), whose names
fall among those of the earlier runs, as real names fall among stored ones. It prints the time per
10,000 rows with every index of the contacts table, then without the two sorted by name (a new
name lands at a random place in them, so each row dirties pages the cache does not hold), then with
only the unique ones (ids and external ids); indexes are dropped inside the rolled-back transaction.
"""
import random
import sqlite3
import sys
import time

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench1m/rapport.sqlite"
rows_per_round, rounds = 10_000, 4
db = sqlite3.connect(path, isolation_level=None)
db.execute(f"PRAGMA cache_size = -{int(sys.argv[2]) if len(sys.argv) > 2 else 8000}")
tenant, owner, team = db.execute("SELECT tenant_id, owner_id, team_id FROM contacts ORDER BY seq DESC LIMIT 1").fetchone()
columns = ("tenant_id, id, external_id, owner_id, team_id, name, title, decision_role, influence, emails, phones, "
           "email_consent, sms_consent, version, created_at, updated_at, created_by, updated_by, custom")
insert = f"INSERT INTO contacts ({columns}) VALUES ({', '.join('?' * len(columns.split(',')))})"
secondary = [name for (name,) in db.execute(
    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' AND name LIKE 'ix_%'")]
counter = random.getrandbits(24) << 20


def rows():
    global counter
    run = random.getrandbits(32)
    for i in range(rows_per_round):
        counter += 1
        # time-ordered ids, as the server makes them
        yield (tenant, "01b%05x-%04x-7000-8000-%012x" % (counter >> 16, counter & 0xFFFF, random.getrandbits(48)),
               f"bench-{run}-{i}", owner, team, f"Bench Contact {i}", "Buyer", "evaluator", i % 5 + 1,
               f'["bench{i}@example.com"]', f'["+1 555 {i:07d}"]', 1, 1, 1, 1796667274338, 1796667274338, owner, owner, "{}")


by_name = [name for name in secondary if name.endswith("_name")]
for label, dropped in (("every index", []), ("every index but those sorted by name", by_name), ("unique indexes only", secondary)):
    times = []
    for _ in range(rounds):
        db.execute("BEGIN")
        for name in dropped:
            db.execute(f"DROP INDEX {name}")
        started = time.perf_counter()
        db.executemany(insert, rows())
        times.append((time.perf_counter() - started) * 1000)
        db.execute("ROLLBACK")
    count = db.execute("SELECT count(*) FROM contacts").fetchone()[0]
    print(f"{label} ({len(secondary) + 2 - len(dropped)} on the table, {count:,} contacts): "
          + ", ".join(f"{t:.0f}" for t in times) + f" ms per {rows_per_round:,} rows "
          + f"(best {rows_per_round / min(times) * 1000:,.0f} rows/s)")
