"""REST API of feedback: serializers and viewsets that call feedback.services.

Viewsets register themselves on config.api.router."""
