"""Faults staged against the real thing (issue 12), Redis: stopped, no committed write answers
500, logins answer 503 and /healthz 503; started again (from its append-only file), all
recovers, lockouts included, with no restart of the app; frozen, the timeouts bound the wait.
"""

import signal

import pytest

from .fault_site import PASSWORD, Visitor, every_skill_at, production_env, rows, running_site
from .fault_world import RedisServer

pytestmark = pytest.mark.slow


def test_a_redis_outage_costs_no_saved_write_and_no_lockout_and_heals_by_itself(
    scratch_database, static_root, free_port, tmp_path
):
    redis = RedisServer(free_port(), tmp_path)
    redis.start()
    env = production_env(scratch_database, redis.url, "dummy://", static_root)
    try:
        with running_site(env, free_port, tmp_path) as (site, learner_id):
            learner, counselor = Visitor(site), Visitor(site)
            learner.sign_in("lena@example.com")
            counselor.sign_in("cora@example.com")
            wrong = {"login": "lou@example.com", "password": "wrong"}
            for _ in range(5):
                Visitor(site).submit("/accounts/login/", wrong)
            assert _locked_out(site)

            redis.stop()

            draft = learner.submit("/assessments/new/mlops-engineer/", every_skill_at(2))
            assert draft.status == 302, draft.status
            result = learner.submit(draft.location, every_skill_at(4, submit="1"))
            assert result.status == 302, result.status
            assert learner.get(result.location).status == 200
            note = counselor.submit(
                f"/counselor/learners/{learner_id}/",
                {"kind": "feedback", "body": "Written while Redis was down."},
                to=f"/counselor/learners/{learner_id}/notes/",
            )
            assert note.status == 302, note.status
            assert counselor.get("/counselor/").status == 200
            login = Visitor(site).submit(
                "/accounts/login/", {"login": "lena@example.com", "password": PASSWORD}
            )
            assert login.status == 503
            assert "Try again in a minute" in login.body
            health = Visitor(site).get("/healthz")
            assert health.status == 503 and health.seconds < 2

            redis.start()

            Visitor(site).sign_in("lena@example.com")
            assert Visitor(site).get("/healthz").status == 200
            assert _locked_out(site), "the lockout did not survive Redis's restart"

            # Hung rather than stopped: the socket timeouts bound the wait.
            redis.process.send_signal(signal.SIGSTOP)
            health = Visitor(site).get("/healthz")
            assert health.status == 503 and health.seconds < 2
            note = counselor.submit(
                f"/counselor/learners/{learner_id}/",
                {"kind": "feedback", "body": "Written while Redis hung."},
                to=f"/counselor/learners/{learner_id}/notes/",
            )
            assert note.status == 302 and note.seconds < 5, (note.status, note.seconds)
            redis.process.send_signal(signal.SIGCONT)
            assert site.still_the_same_processes()
        saved = rows(scratch_database, "SELECT status FROM assessments_assessment")
        assert saved == [("submitted",)]
        notes = "SELECT body FROM assessments_note ORDER BY id"
        assert rows(scratch_database, notes) == [
            ("Written while Redis was down.",),
            ("Written while Redis hung.",),
        ]
    finally:
        redis.process.kill()


def _locked_out(site):
    """Whether Lou's right password is refused for too many failures."""
    answer = Visitor(site).submit(
        "/accounts/login/", {"login": "lou@example.com", "password": PASSWORD}
    )
    return answer.status != 302 and "Too many failed login attempts" in answer.body
