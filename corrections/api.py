"""REST API of corrections: serializers and viewsets that call corrections.services.

Viewsets register themselves on config.api.router."""
