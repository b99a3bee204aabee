"""The ledger: ingest through the real CLI, follow-up across releases and languages, durability."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.ledger import Ledger, LedgerError, default_path
from communique.ledger.followup import deadline
from communique.ledger.store import SCHEMA_VERSION

DATA = Path(__file__).resolve().parent / "data" / "ledger"
EX = ["--engine", "extractive", "--quiet"]
COMMIT = "en-astana-2023-03.txt"  # KZ-UZ: sign a border agreement by end 2023, consultations in H2
DONE = "en-tashkent-2023-10.txt"  # KZ-UZ later: the agreement signed, the ministers met
OTHER_SIDE = "ru-astana-2023-03.txt"  # the same meeting in Uzbekistan's (Russian) readout
OVERDUE = "en-helsinki-2021-02.txt"  # FI-EE: a working group in H1 2021; nothing after
RU_LATER = "ru-nur-sultan-2022-10.txt"  # RU-KZ consultations took place: fulfils en-moscow-2022-04


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _folder(tmp_path: Path, names: list[str], sub: str = "in") -> Path:
    root = tmp_path / sub
    root.mkdir()
    for n in names:
        shutil.copy(DATA / n, root / n)
    return root


def _steps(runner: CliRunner, db: Path, *args: str) -> list[dict]:
    r = runner.invoke(app, ["ledger", "steps", "--db", str(db), "--format", "json", *args])
    assert r.exit_code == 0, r.output
    return [json.loads(ln) for ln in r.stdout.splitlines()]


def _dump(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    out = {}
    for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        cols = [c[1] for c in con.execute(f"PRAGMA table_info({t})")]
        keep = [c for c in cols if c not in ("ingested_at", "seen_at", "applied_at")]
        out[t] = sorted(con.execute(f"SELECT {', '.join(keep)} FROM {t}").fetchall(), key=repr)
    con.close()
    return out


def test_ingest_twice_gives_the_same_rows(runner: CliRunner, tmp_path: Path) -> None:
    root, db = _folder(tmp_path, sorted(p.name for p in DATA.iterdir())), tmp_path / "l.db"
    for _ in range(2):
        r = runner.invoke(app, ["batch", str(root), "--db", str(db), *EX])
        assert r.exit_code == 0, r.output
        if _ == 0:
            first = _dump(db)
    assert _dump(db) == first
    assert len(first["releases"]) == len(list(root.iterdir()))


def test_steps_json_lists_exactly_the_readouts_steps(runner: CliRunner, tmp_path: Path) -> None:
    names = [COMMIT, DONE, OVERDUE, "en-moscow-2022-04.txt", RU_LATER]
    root, db, jl = _folder(tmp_path, names), tmp_path / "l.db", tmp_path / "all.jsonl"
    r = runner.invoke(app, ["batch", str(root), "--db", str(db), "--jsonl", str(jl), *EX])
    assert r.exit_code == 0, r.output
    readouts = [json.loads(x) for x in jl.read_text(encoding="utf-8").splitlines()]
    want = sorted(
        (d["source"], s["action"], s["evidence"], s["category"], s["kind"], tuple(sorted(s["parties"])))
        for d in readouts
        for s in d["next_steps"]
    )
    got = _steps(runner, db)
    assert (
        sorted(
            (s["source"], s["action"], s["evidence"], s["category"], s["kind"], tuple(s["parties"]))
            for s in got
        )
        == want
    )
    for s in got:
        assert set(s) >= {"id", "action", "parties", "due", "kind", "category", "status", "source", "date"}
        assert set(s) >= {"evidence", "fulfilled_by"}
    dates = [s["date"] for s in got]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_commitment_then_fulfilment(runner: CliRunner, tmp_path: Path) -> None:
    root, db = _folder(tmp_path, [DONE, COMMIT]), tmp_path / "l.db"  # the later one is read first
    assert runner.invoke(app, ["batch", str(root), "--db", str(db), *EX]).exit_code == 0
    got = {s["category"]: s for s in _steps(runner, db)}
    sign = got["sign"]
    assert sign["status"] == "fulfilled" and sign["source"].endswith(COMMIT)
    assert sign["fulfilled_by"]["source"].endswith(DONE)
    assert sign["fulfilled_by"]["date"] == "2023-10-09"
    assert "signed" in sign["fulfilled_by"]["evidence"]
    assert got["meet"]["status"] == "fulfilled"
    assert [s["id"] for s in _steps(runner, db, "--status", "fulfilled")] == [s["id"] for s in got.values()]
    assert _steps(runner, db, "--status", "open") == []
    # the fulfilling release gone (its file now holds another release): not fulfilled any more
    shutil.copy(DATA / OVERDUE, root / DONE)
    assert runner.invoke(app, ["batch", str(root), "--db", str(db), *EX]).exit_code == 0
    again = {s["category"]: s for s in _steps(runner, db, "--party", "Uzbekistan")}
    assert again["sign"]["fulfilled_by"] is None and again["sign"]["status"] == "overdue"  # due 2023
    with Ledger(db) as led:
        assert led.db.execute("SELECT count(*) FROM releases").fetchone()[0] == 2


def test_fulfilment_across_languages(runner: CliRunner, tmp_path: Path) -> None:
    root, db = _folder(tmp_path, ["en-moscow-2022-04.txt", RU_LATER]), tmp_path / "l.db"
    assert runner.invoke(app, ["batch", str(root), "--db", str(db), *EX]).exit_code == 0
    (s,) = _steps(runner, db, "--party", "Казахстан")  # a party named in Russian finds "Kazakhstan"
    assert s["due"] == "autumn 2022" and s["status"] == "fulfilled"
    assert s["fulfilled_by"]["source"].endswith(RU_LATER)
    assert "консультации" in s["fulfilled_by"]["evidence"]


def test_passed_due_date_is_overdue(runner: CliRunner, tmp_path: Path) -> None:
    root, db = _folder(tmp_path, [OVERDUE, DONE]), tmp_path / "l.db"
    assert runner.invoke(app, ["batch", str(root), "--db", str(db), *EX]).exit_code == 0
    (s,) = _steps(runner, db)
    assert s["due"] == "2021-H1" and s["status"] == "overdue" and s["fulfilled_by"] is None
    assert _steps(runner, db, "--status", "overdue") == [s]
    assert _steps(runner, db, "--party", "Kazakhstan") == []


def test_both_sides_of_one_meeting_are_one_step(runner: CliRunner, tmp_path: Path) -> None:
    root, db = _folder(tmp_path, [COMMIT, OTHER_SIDE]), tmp_path / "l.db"
    assert runner.invoke(app, ["batch", str(root), "--db", str(db), *EX]).exit_code == 0
    sign = [s for s in _steps(runner, db) if s["category"] == "sign"]
    assert len(sign) == 1
    assert sorted(Path(m["source"]).name for m in sign[0]["sources"]) == [COMMIT, OTHER_SIDE]
    r = CliRunner().invoke(app, ["ledger", "show", str(sign[0]["id"]), "--db", str(db), "-f", "markdown"])
    assert r.exit_code == 0 and OTHER_SIDE in r.stdout and "stated by 2 releases" in r.stdout


def test_filters_formats_and_errors(runner: CliRunner, tmp_path: Path) -> None:
    root, db = _folder(tmp_path, [COMMIT, OVERDUE]), tmp_path / "l.db"
    assert runner.invoke(app, ["batch", str(root), "--db", str(db), *EX]).exit_code == 0
    assert len(_steps(runner, db, "--since", "2022-01-01")) == 2
    assert len(_steps(runner, db, "--until", "2022-01-01", "--kind", "agreed")) == 1
    assert [s["category"] for s in _steps(runner, db, "--category", "mechanism")] == ["mechanism"]
    csv_out = runner.invoke(app, ["ledger", "steps", "--db", str(db), "-f", "csv"]).stdout
    assert csv_out.splitlines()[0].startswith("id,date,parties,action") and len(csv_out.splitlines()) == 4
    md = runner.invoke(app, ["ledger", "steps", "--db", str(db), "-f", "markdown"]).stdout
    assert md.startswith("| id |") and "overdue" in md
    rich = runner.invoke(app, ["ledger", "steps", "--db", str(db), "-f", "rich"], env={"COLUMNS": "200"})
    assert rich.exit_code == 0 and "Commitments" in rich.stdout
    bad = runner.invoke(app, ["ledger", "steps", "--db", str(db), "--since", "May"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr
    missing = runner.invoke(app, ["ledger", "steps", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no ledger" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    r = runner.invoke(app, ["ledger", "show", "999", "--db", str(db)])
    assert r.exit_code == 1 and "no step 999" in r.stderr
    notdb = tmp_path / "x.db"
    notdb.write_text("not a database\n" * 100)
    r = runner.invoke(app, ["ledger", "steps", "--db", str(notdb)])
    assert r.exit_code == 1 and "cannot open the ledger" in r.stderr


def test_summarize_db_default_path_and_env(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COMMUNIQUE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_path().is_relative_to(tmp_path / "xdg") or sys.platform != "linux"
    env_db = tmp_path / "env.db"
    monkeypatch.setenv("COMMUNIQUE_DB", str(env_db))
    assert default_path() == env_db
    r = runner.invoke(app, ["summarize", str(DATA / COMMIT), "-f", "json", "--ledger", *EX])
    assert r.exit_code == 0, r.output
    assert len(_steps(runner, env_db)) == 2
    r = runner.invoke(app, ["ledger", "steps", "-f", "json"])  # no --db: COMMUNIQUE_DB
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 2
    for name in (COMMIT, OVERDUE):  # releases piped in are each kept (stdin names no file to replace)
        r = runner.invoke(
            app, ["summarize", "-", "-f", "json", "--db", str(env_db), *EX], input=(DATA / name).read_bytes()
        )
        assert r.exit_code == 0, r.output
    assert len(_steps(runner, env_db)) == 3
    other = tmp_path / "other.db"
    r = runner.invoke(app, ["summarize", str(DATA / OVERDUE), "-f", "json", "--db", str(other), *EX])
    assert r.exit_code == 0 and len(_steps(runner, other)) == 1


def test_schema_version_and_migration(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with Ledger(db) as led:
        assert led.version() == SCHEMA_VERSION
        assert led.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        led.db.execute("INSERT INTO schema_version VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    with pytest.raises(LedgerError, match="newer"):
        Ledger(db)


@pytest.mark.parametrize(
    ("due", "when", "want"),
    [
        ("2021-H1", "2021-02-03", "2021-06-30"),
        ("2023", None, "2023-12-31"),
        ("2020-02", None, "2020-02-29"),
        ("2019-2021", None, "2021-12-31"),
        ("autumn 2022", None, "2022-11-30"),
        ("within 3 months", "2022-01-10", "2022-04-10"),
        ("within 1 month", "2022-01-31", "2022-02-28"),
        ("within 2 weeks", "2022-01-10", "2022-01-24"),
        ("soon", "2022-01-10", None),
        (None, None, None),
    ],
)
def test_deadlines(due: str | None, when: str | None, want: str | None) -> None:
    assert deadline(due, when) == want


def _corpus(root: Path, n: int, offset: int = 0) -> None:
    """n distinct releases (each its own content), from the test releases with a numbered paragraph."""
    root.mkdir(parents=True, exist_ok=True)
    bases = [DATA / COMMIT, DATA / OVERDUE, DATA / "en-moscow-2022-04.txt"]
    for i in range(offset, offset + n):
        text = bases[i % len(bases)].read_text(encoding="utf-8")
        (root / f"r{i:04d}.txt").write_text(text + f"\nThe delegation numbered {i} also attended.\n")


def _cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "communique", "batch", str(folder), "--db", str(db), *EX, "-w", "1"]


def _released(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return int(con.execute("SELECT count(*) FROM releases").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _consistent(db: Path) -> int:
    """Integrity check passes and every stored release has all its steps; the number of releases."""
    with Ledger(db) as led:
        assert led.integrity() == "ok"
        assert led.db.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = led.db.execute(
            "SELECT r.readout, (SELECT count(*) FROM mentions m WHERE m.release_id = r.id),"
            " (SELECT count(*) FROM sources s WHERE s.release_id = r.id) FROM releases r"
        ).fetchall()
    for readout, mentions, sources in rows:
        assert mentions == len(json.loads(readout)["next_steps"]) and sources >= 1
    return len(rows)


def test_kill_9_during_ingest_leaves_a_consistent_ledger(tmp_path: Path) -> None:
    root, db = tmp_path / "in", tmp_path / "l.db"
    _corpus(root, 400)
    p = subprocess.Popen(_cmd(root, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t0 = time.monotonic()
        while _released(db) < 10 and time.monotonic() - t0 < 60 and p.poll() is None:
            time.sleep(0.02)
        os.kill(p.pid, signal.SIGKILL)
    finally:
        p.wait(timeout=30)
    assert p.returncode == -signal.SIGKILL
    n = _consistent(db)
    assert 10 <= n < 400
    # and a rerun completes it, keeping what was there
    done = subprocess.run(_cmd(root, db), capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _consistent(db) == 400


def test_two_concurrent_ingests_do_not_corrupt(tmp_path: Path) -> None:
    a, b, db = tmp_path / "a", tmp_path / "b", tmp_path / "l.db"
    _corpus(a, 40)
    _corpus(b, 40, offset=20)  # r0020-r0039 in both: the same content under two paths
    procs = [subprocess.Popen(_cmd(d, db), stderr=subprocess.PIPE) for d in (a, b)]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert _consistent(db) == 60
    with Ledger(db) as led:
        assert led.db.execute("SELECT count(*) FROM sources").fetchone()[0] == 80


def test_unusable_ledger_path_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    root = _folder(tmp_path, [COMMIT])
    r = runner.invoke(app, ["batch", str(root), "--db", str(blocker / "l.db"), *EX])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert r.stderr.startswith("communique: ") and "ledger" in r.stderr and len(r.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The ministers signed an agreement on visa-free travel.", ["sign"]),
        ("The sides agreed to sign an agreement on visa-free travel.", []),
        ("The agreement on visa-free travel will be signed next year.", []),
        ("The ministers did not sign the agreement on visa-free travel.", []),
        ("Министры подписали соглашение о безвизовом режиме.", ["sign"]),
        ("Стороны договорились подписать соглашение о безвизовом режиме.", []),
        ("双方签署了互免签证协定。", ["sign"]),
        ("双方同意签署互免签证协定。", []),
    ],
)
def test_completion_reports_need_a_done_form_without_a_commitment_cue(text: str, want: list[str]) -> None:
    from communique import core
    from communique.ledger import facts
    from communique.options import Options

    lead = {
        "Министры": "Москва, 3 марта 2022 года – Министр иностранных дел России Сергей Лавров и Министр иностранных"
        " дел Казахстана Мухтар Тлеуберди провели беседу.",
        "双方": "2022年3月3日，中国外交部长王毅同哈萨克斯坦外交部长特列乌别尔季在北京会谈。",
    }
    first = next((v for k, v in lead.items() if k in text), None) or (
        "Moscow, 3 March 2022 – Foreign Minister of Russia Sergey Lavrov spoke with Foreign Minister of"
        " Kazakhstan Mukhtar Tileuberdi."
    )
    doc = core.analyse(core.load(first + "\n\n" + text), Options(engine="extractive"))
    got = [r.category for r in facts(doc).reports if r.evidence == doc.sentences[-1].text]
    assert got == want
