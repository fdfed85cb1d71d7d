"""REST API of documents: serializers and viewsets that call documents.services.

Viewsets register themselves on config.api.router."""
