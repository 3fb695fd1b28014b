from django.urls import reverse


def test_health_reports_the_database(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_health_reports_an_unreachable_broker(client, db, settings):
    settings.CELERY_EMBEDDED_BROKER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")
