"""REST API of visits: serializers and viewsets that call visits.services.

Viewsets register themselves on config.api.router."""
