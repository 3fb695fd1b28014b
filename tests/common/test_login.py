from django.urls import reverse

from tests.common.factories import PASSWORD, ManagerFactory
from tests.partners.factories import PartnerUserFactory


def test_manager_logs_in_and_lands_on_the_dashboard(client, db):
    ManagerFactory(username="mgr")
    response = client.post(reverse("login"), {"username": "mgr", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert b"Dashboard" in response.content


def test_partner_user_lands_on_the_portal(client, db):
    PartnerUserFactory(username="p1")
    response = client.post(reverse("login"), {"username": "p1", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal-home")


def test_login_is_locked_after_five_failures(client, db):
    ManagerFactory(username="mgr")
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "mgr", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post(reverse("login"), {"username": "mgr", "password": "wrong"})
    assert response.status_code == 429  # the fifth failure locks the account
    # and then even the right password is refused for the cool-off time
    response = client.post(reverse("login"), {"username": "mgr", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_other_users(client, db):
    ManagerFactory(username="mgr")
    ManagerFactory(username="other")
    for _ in range(6):
        client.post(reverse("login"), {"username": "mgr", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "other", "password": PASSWORD})
    assert response.status_code == 302
