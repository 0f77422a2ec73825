"""careersite/redis_cache.py against a real Redis: one client object per connection pool."""

import uuid

from careersite.redis_cache import RedisCache


def test_cache_calls_share_one_client_and_read_what_they_wrote():
    cache = RedisCache("redis://127.0.0.1:6379/12", {"KEY_PREFIX": uuid.uuid4().hex})
    cache.set("answer", {"levels": [1, 2, 3]}, 60)
    assert cache.get("answer") == {"levels": [1, 2, 3]}
    assert cache.get_many(["answer", "missing"]) == {"answer": {"levels": [1, 2, 3]}}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("answer")
    assert cache.get("answer") is None
