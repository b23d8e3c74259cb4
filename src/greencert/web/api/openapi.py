"""The schema as served: every refusal an operation can give is described, as problem details.

django-ninja describes the answers an operation declares; the refusals every operation
shares (401 without a token, 422 for a parameter or body that does not fit) are added
here, and every refusal's content type is ``application/problem+json``, as it is sent.
"""

from __future__ import annotations

PROBLEM_TYPE = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/ProblemOut"}
SHARED = {
    401: "未认证 Not authenticated (no valid token or session)",
    422: "请求无效，指明字段 Invalid request, the fields named",
}

BODY_UNREADABLE = "请求正文无法读取 The request body could not be read"


def _problem(description: str) -> dict:
    return {"description": description, "content": {PROBLEM_TYPE: {"schema": PROBLEM_REF}}}


def describe_refusals(schema: dict) -> dict:
    """*schema* with each operation's refusals as problem details (changed in place)."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    response["content"] = {PROBLEM_TYPE: content["application/json"]}
            if "requestBody" in operation:
                responses.setdefault(400, _problem(BODY_UNREADABLE))
            for status, description in SHARED.items():
                public = operation.get("security") == [] or "security" not in operation
                if status == 401 and public:
                    continue
                responses.setdefault(status, _problem(description))
    return schema
