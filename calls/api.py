"""REST API of calls: serializers and viewsets that call calls.services.

Viewsets register themselves on config.api.router."""
