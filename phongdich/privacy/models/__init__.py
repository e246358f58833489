from phongdich.privacy.models.incidents import DataKind, Incident
from phongdich.privacy.models.subject_requests import SubjectRequest

__all__ = ["DataKind", "Incident", "SubjectRequest"]
