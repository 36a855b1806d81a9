"""The JSON API (/api/v1), for the little a journey needs that no page offers, such as the partner
organisation of an order: signed in with a person's e-mail and password, as a script would be.
Its answers are not pages, so the harness neither keeps nor checks them."""
from __future__ import annotations

from harness import Person


class Api:
    def __init__(self, person: Person):
        self.person = person
        self.request = person.context.request
        answer = self.request.post("/api/v1/auth/login", data={"email": person.user["email"], "password": person.user["password"]})
        assert answer.ok, f"POST /api/v1/auth/login as {person.key}: HTTP {answer.status}: {answer.text()[:300]}"
        self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        answer = self.request.fetch(f"/api/v1{path}", method=method, headers=self.headers, data=body)
        assert answer.ok, f"{method} /api/v1{path} as {self.person.key}: HTTP {answer.status}: {answer.text()[:300]}"
        return answer.json() if answer.status != 204 else {}

    def partner_id(self, user_key: str) -> str:
        """The partner organisation of a partner user of the fixture."""
        email = self.person.journey.run_state.users[user_key]["email"]
        users = [u for u in self.call("GET", "/users")["data"] if u["email"] == email]
        assert len(users) == 1 and users[0].get("partnerId"), f"GET /api/v1/users: no partner user {email}: {users}"
        return users[0]["partnerId"]
