"""The API's schema class (DEFAULT_SCHEMA_CLASS): drf-spectacular's AutoSchema, and the
`Idempotency-Key` of every create. A module of its own: drf_spectacular.openapi imports
rest_framework.generics, which reads config.api's filter backend."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

IDEMPOTENCY_RESPONSES = {
    "409": "A request with this `Idempotency-Key` is still being processed: retry it shortly.",
    "422": "This `Idempotency-Key` was already used for another request (another body or address).",
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, and every create that honours `Idempotency-Key`
    (integrations.idempotency.install) documents the header, the `Idempotent-Replayed` header
    of a replayed response, and the 409 and 422 the key can give."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        action = getattr(self.view, "action", None)
        handler = getattr(self.view, action, None) if action else None
        if operation is not None and getattr(handler, "_idempotent", False):
            document_idempotency(operation)
        return operation


def document_idempotency(operation: dict) -> None:
    from integrations.idempotency import HEADER, MAX_KEY, REPLAYED

    operation.setdefault("parameters", []).append(
        {
            "in": "header",
            "name": HEADER,
            "required": False,
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY},
            "description": (
                "A key of your choice, unique per request you mean (e.g. a UUID): the same key "
                "with the same body again returns the first response and stores nothing new "
                "(kept `IDEMPOTENCY_KEY_TTL_HOURS`, default 24 hours)."
            ),
        }
    )
    responses = operation.setdefault("responses", {})
    for code, response in responses.items():
        if str(code).startswith("2"):
            response.setdefault("headers", {})[REPLAYED] = {
                "description": "`true` when this is the stored response of an earlier request "
                "with the same `Idempotency-Key` (nothing new was stored).",
                "schema": {"type": "string", "enum": ["true"]},
            }
    for code, description in IDEMPOTENCY_RESPONSES.items():
        responses.setdefault(
            code,
            {
                "description": description,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}
                },
            },
        )
